// German Excel files through the real import path: upload and default mapping in core, the
// run in a real worker process (the import queue's processor). Müller, Jörg and Straße
// arrive intact from Windows-1252 with ';' and from UTF-16LE with a BOM and tabs.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeQueues, createField, createImport, createList, getQueue, QUEUES, startImport } from '@rundbrief/core';
import { getDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import { startWorker, waitFor, type WorkerProc } from '../sending/fixtures.ts';

const db = getDb();
let worker: WorkerProc;
let tenantId: string;
let listId: string;

const ROWS = [
  ['Anrede', 'Vorname', 'Nachname', 'E-Mail', 'Straße', 'Umsatz'],
  ['Herr', 'Jörg', 'Müller', 'joerg.mueller@example.de', 'Lindenstraße 7; 2. OG', '1.234,56'],
  ['Frau', 'Ülkü', 'Weiß', 'uelkue@example.de', 'Am Bärenzwinger 3', '99,9'],
];
const csvOf = (sep: string) =>
  ROWS.map((r) => r.map((v) => (v.includes(sep) ? `"${v}"` : v)).join(sep)).join('\r\n') + '\r\n';
/** Latin-1 covers these characters: the bytes German Excel writes as Windows-1252. */
const windows1252 = (s: string) => Buffer.from(s, 'latin1');

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rb-import-de-'));
  process.env.IMPORT_DIR = dir;
  worker = await startWorker({ WORKER_QUEUES: 'imports', IMPORT_DIR: dir });
}, 60_000);

beforeEach(async () => {
  await truncateAll();
  await getQueue(QUEUES.imports).drain(true);
  tenantId = (await seedTwoTenants()).a.id;
  listId = (await createList({ tenantId }, { name: 'Kunden' })).id;
  await createField({ tenantId }, { key: 'salutation', label: 'Anrede', type: 'TEXT' });
  await createField({ tenantId }, { key: 'street', label: 'Straße', type: 'TEXT' });
  await createField({ tenantId }, { key: 'revenue', label: 'Umsatz', type: 'NUMBER' });
});

afterAll(async () => {
  await worker?.stop();
  await closeQueues();
});

/** Upload, start with the mapping the wizard proposes, and wait for the worker to finish. */
async function importThroughWorker(bytes: Buffer) {
  const created = await createImport({ tenantId }, { listId, fileName: 'Kunden.csv', body: Readable.from([bytes]) });
  const { email, firstName, lastName, fields } = created.guess;
  await startImport({ tenantId }, created.import.id, {
    mapping: { email, firstName, lastName, fields }, attestation: 'Kunden, die beim Kauf den Newsletter angekreuzt haben.',
  });
  const done = await waitFor(async () => {
    const i = await db.import.findUniqueOrThrow({ where: { id: created.import.id } });
    return i.status === 'DONE' || i.status === 'FAILED' ? i : null;
  }, 30_000, 'import finished');
  return { created, done };
}

async function expectNamesIntact() {
  expect(await db.subscriber.findFirstOrThrow({ where: { tenantId, email: 'joerg.mueller@example.de' } })).toMatchObject({
    firstName: 'Jörg', lastName: 'Müller', attributes: { salutation: 'Herr', street: 'Lindenstraße 7; 2. OG', revenue: 1234.56 },
  });
  expect(await db.subscriber.findFirstOrThrow({ where: { tenantId, email: 'uelkue@example.de' } }))
    .toMatchObject({ firstName: 'Ülkü', lastName: 'Weiß', attributes: { street: 'Am Bärenzwinger 3', revenue: 99.9 } });
}

describe('German CSV files through the worker', () => {
  it('Windows-1252 with ";": Müller, Jörg, Straße arrive intact', async () => {
    const { created, done } = await importThroughWorker(windows1252(csvOf(';')));
    expect(created.detected).toBe("Windows-1252, separator ';', 2 rows, header row German, numbers as 1.234,56");
    expect(done).toMatchObject({ status: 'DONE', totalRows: 2, importedRows: 2, refusedRows: 0, error: null });
    await expectNamesIntact();
  });

  it('UTF-16LE with a BOM and tabs (Excel "Unicode-Text"): the same', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csvOf('\t'), 'utf16le')]);
    const { created, done } = await importThroughWorker(bytes);
    expect(created.detection).toMatchObject({ encoding: 'utf-16le', separator: '\t', rows: 2 });
    expect(done).toMatchObject({ status: 'DONE', importedRows: 2, refusedRows: 0 });
    await expectNamesIntact();
  });
});
