// Import files under retention, through a real worker process: the upload is gone once the
// run is over, erasure removes the address from every file still on disk, and the
// maintenance sweep deletes reports past retention (the download then says so, clearly).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  closeQueues, createImport, createList, eraseSubscriber, getQueue, importFilePath, openRefusalReport, QUEUES, startImport,
} from '@rundbrief/core';
import { getDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import { startWorker, waitFor, type WorkerProc } from '../sending/fixtures.ts';

const db = getDb();
let worker: WorkerProc;
let dir: string;
let tenantA: string;
let tenantB: string;
const attestation = 'Customers who ticked the newsletter box at checkout (2025).';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rb-retention-'));
  process.env.IMPORT_DIR = dir;
  worker = await startWorker({ WORKER_QUEUES: 'imports,maintenance', IMPORT_DIR: dir });
}, 60_000);

beforeEach(async () => {
  await truncateAll();
  for (const q of [QUEUES.imports, QUEUES.maintenance]) await getQueue(q).drain(true);
  const { a, b } = await seedTwoTenants();
  tenantA = a.id;
  tenantB = b.id;
});

afterAll(async () => {
  await worker?.stop();
  await closeQueues();
});

async function importFile(tenantId: string, csv: string, opts: { start?: boolean } = {}) {
  const list = await db.list.findFirst({ where: { tenantId } }) ?? await createList({ tenantId }, { name: 'Kunden' });
  const { import: imp } = await createImport({ tenantId }, { listId: list.id, fileName: 'people.csv', body: Readable.from([Buffer.from(csv)]) });
  if (opts.start === false) return db.import.findUniqueOrThrow({ where: { id: imp.id } });
  await startImport({ tenantId }, imp.id, { mapping: { email: 'email', firstName: 'first', fields: {} }, attestation });
  const finished = await waitFor(async () => {
    const i = await db.import.findUniqueOrThrow({ where: { id: imp.id } });
    return i.status === 'DONE' || i.status === 'FAILED' ? i : null;
  }, 30_000, 'import finished');
  // The worker deletes the upload just after it records the outcome.
  await waitFor(() => !existsSync(importFilePath(imp.id)), 10_000, 'upload deleted');
  return finished;
}

/** Every file under IMPORT_DIR whose text mentions `needle` (any case). */
const filesMentioning = (needle: string) =>
  readdirSync(dir).filter((f) => readFileSync(join(dir, f), 'utf8').toLowerCase().includes(needle.toLowerCase()));

describe('import file retention', () => {
  it('deletes the upload once the import is done, and once it failed', async () => {
    const done = await importFile(tenantA, 'email,first\nann@example.com,Ann\nnot-an-address,X\n');
    expect(done).toMatchObject({ status: 'DONE', importedRows: 1, refusedRows: 1 });
    await waitFor(() => !existsSync(importFilePath(done.id)), 10_000, 'upload deleted');
    // The refusal report stays (for now) and downloads.
    expect(readFileSync(done.reportPath!, 'utf8')).toContain('not-an-address');
    const r = await openRefusalReport({ tenantId: tenantA }, done.id);
    r.stream.destroy();

    // Broken quoting is refused at upload now; a file broken after its upload fails the run.
    const rows = Array.from({ length: 9 }, (_, i) => `p${i}@example.com,P${i}`).join('\n');
    const pending = await importFile(tenantA, `email,first\n${rows}\n`, { start: false });
    writeFileSync(importFilePath(pending.id), `email,first\n${rows}\nben@example.com,"Ben\n`);
    await startImport({ tenantId: tenantA }, pending.id, { mapping: { email: 'email', firstName: 'first', fields: {} }, attestation });
    const failed = await waitFor(async () => {
      const i = await db.import.findUniqueOrThrow({ where: { id: pending.id } });
      return i.status === 'FAILED' ? i : null;
    }, 30_000, 'import failed');
    expect(failed).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/not a readable CSV/) as string });
    await waitFor(() => !existsSync(importFilePath(failed.id)), 10_000, 'failed upload deleted');
  });

  it('erasure removes the address from every report and pending upload of the tenant, nothing else', async () => {
    // The second row of each file is refused as a duplicate: the report holds the address as typed.
    const one = await importFile(tenantA, 'email,first\nerase.me@example.com,E\nErase.Me@Example.com,Again\nkeep@example.com,K\nbroken@,B\n');
    const two = await importFile(tenantA, 'email,first\n" ERASE.ME@example.com",E\nbroken2@,B\nerase.me@example.com,dup\n');
    const pending = await importFile(tenantA, 'email,first\nother@example.com,O\n"erase.me@example.com","Erased, with comma"\nlast@example.com,L\n', { start: false });
    const foreign = await importFile(tenantB, 'email,first\nerase.me@example.com,E\nerase.me@example.com,dup\n');
    expect(filesMentioning('erase.me@example.com').length).toBe(4);

    const subscriber = await db.subscriber.findFirstOrThrow({ where: { tenantId: tenantA, email: 'erase.me@example.com' } });
    await eraseSubscriber({ tenantId: tenantA }, subscriber.id);

    // Only tenant B's report still has it (that is B's subscriber, not erased).
    expect(filesMentioning('erase.me@example.com')).toEqual([foreign.reportPath!.slice(dir.length + 1)]);
    const oneLines = readFileSync(one.reportPath!, 'utf8').trim().split('\n');
    expect(oneLines).toHaveLength(2);
    expect(oneLines[0]).toBe('line,email,reason,detail,encoding,separator,decimal_mark');
    expect(oneLines[1]).toMatch(/^5,broken@,syntax,/);
    expect(readFileSync(two.reportPath!, 'utf8')).toMatch(/^line,email,reason,detail,encoding,separator,decimal_mark\n3,broken2@,syntax,/);
    // The pending upload keeps its other rows and can still be imported.
    expect(readFileSync(importFilePath(pending.id), 'utf8')).toBe('email,first\nother@example.com,O\nlast@example.com,L\n');
    await startImport({ tenantId: tenantA }, pending.id, { mapping: { email: 'email', firstName: 'first', fields: {} }, attestation });
    await waitFor(async () => (await db.import.findUniqueOrThrow({ where: { id: pending.id } })).status === 'DONE', 30_000, 'pending import ran');
    expect(await db.subscriber.count({ where: { tenantId: tenantA, email: { in: ['other@example.com', 'last@example.com'] } } })).toBe(2);
  });

  it('erasure also cleans pending German uploads (Windows-1252 with ;, UTF-16LE): the others still import intact', async () => {
    const list = await createList({ tenantId: tenantA }, { name: 'Kunden DE' });
    const german = 'E-Mail;Vorname;Nachname\r\nerase.me@example.com;Jörg;Weg\r\nbleibt@example.com;Jörg;Müller\r\n';
    const upload = async (bytes: Buffer) => (await createImport({ tenantId: tenantA }, { listId: list.id, fileName: 'Kunden.csv', body: Readable.from([bytes]) })).import;
    const cp1252 = await upload(Buffer.from(german, 'latin1'));
    const utf16 = await upload(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(german.replace('bleibt@', 'auch@'), 'utf16le')]));
    const erased = await db.subscriber.create({ data: { tenantId: tenantA, email: 'erase.me@example.com' } });
    await eraseSubscriber({ tenantId: tenantA }, erased.id);
    for (const imp of [cp1252, utf16]) {
      const text = readFileSync(importFilePath(imp.id), 'utf8');
      expect(text).not.toContain('erase.me');
      expect(text).toContain(';Jörg;Müller');
      expect((await db.import.findUniqueOrThrow({ where: { id: imp.id } })).detection).toMatchObject({ encoding: 'utf-8-bom', separator: ';', rows: 1 });
      await startImport({ tenantId: tenantA }, imp.id, { mapping: { email: 'E-Mail', firstName: 'Vorname', lastName: 'Nachname', fields: {} }, attestation });
      await waitFor(async () => (await db.import.findUniqueOrThrow({ where: { id: imp.id } })).status === 'DONE', 30_000, 'German import ran');
    }
    expect(await db.subscriber.findMany({ where: { tenantId: tenantA, lastName: 'Müller' }, select: { email: true, firstName: true }, orderBy: { email: 'asc' } }))
      .toEqual([{ email: 'auch@example.com', firstName: 'Jörg' }, { email: 'bleibt@example.com', firstName: 'Jörg' }]);
  });

  it('the maintenance job deletes reports past retention and stale uploads; the download then says why', async () => {
    const old = await importFile(tenantA, 'email,first\nann@example.com,Ann\nnope,N\n');
    const recent = await importFile(tenantA, 'email,first\nbea@example.com,Bea\nnope2,N\n');
    const stale = await importFile(tenantA, 'email,first\ncarl@example.com,C\n', { start: false });
    await db.import.update({ where: { id: old.id }, data: { finishedAt: new Date(Date.now() - 8 * 86_400_000) } });
    await db.import.update({ where: { id: stale.id }, data: { createdAt: new Date(Date.now() - 25 * 3_600_000) } });
    const orphan = join(dir, '0b5c3c1e-8d8e-4f59-9a0e-6f1d1a2b3c4d-report.csv');
    writeFileSync(orphan, 'line,email,reason,detail\n2,someone@example.com,syntax,x\n');

    await getQueue(QUEUES.maintenance).add('prune-import-files', {});
    await waitFor(() => !existsSync(old.reportPath!) && !existsSync(orphan) && !existsSync(importFilePath(stale.id)), 30_000, 'sweep');

    expect(await db.import.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ reportPath: null, refusedRows: 1 });
    await expect(openRefusalReport({ tenantId: tenantA }, old.id)).rejects.toMatchObject({
      code: 'GONE', message: expect.stringContaining('reports are kept for 7 days') as string,
    });
    // Within retention: untouched.
    expect(existsSync(recent.reportPath!)).toBe(true);
    expect(await db.import.findUniqueOrThrow({ where: { id: stale.id } })).toMatchObject({
      status: 'FAILED', error: expect.stringContaining('not started within 24 hours') as string,
    });
    // Another tenant cannot read the report either way.
    await expect(openRefusalReport({ tenantId: tenantB }, recent.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
