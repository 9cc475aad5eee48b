// CSV import edge cases against the real database: refusal report, merge, consent rules,
// bad encoding, missing columns, and a 500,000-row file with bounded memory.
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { once } from 'node:events';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { getDb } from '@rundbrief/db';
import {
  closeQueues, confirmSubscription, IMPORT_APPLICATION_NAME, createField, createImport, createList, getQueue, IMPORT_OPT_IN_BATCH, IMPORT_OPT_IN_INTERVAL_MS, QUEUES,
  runImport, sendImportOptInMails, startImport, subscribe, suppressAddress,
} from '../../src/index.ts';
import { confirmTokenFor, freshTenants, queuedMails } from './helpers.ts';

const db = getDb();
let tenantId: string;
let otherTenant: string;
let listId: string;
const attestation = 'Customers who ticked the newsletter box at checkout (2025).';

beforeAll(async () => { process.env.IMPORT_DIR = await mkdtemp(join(tmpdir(), 'rb-import-')); });
beforeEach(async () => {
  const { a, b } = await freshTenants();
  await getQueue(QUEUES.imports).obliterate({ force: true });
  tenantId = a.id;
  otherTenant = b.id;
  listId = (await createList({ tenantId }, { name: 'Customers' })).id;
});
afterAll(closeQueues);

async function upload(content: string | Buffer, mapping: Record<string, unknown> = { email: 'email', firstName: 'first', fields: {} }) {
  const created = await createImport({ tenantId }, { listId, fileName: 'people.csv', body: Readable.from([Buffer.from(content)]) });
  await startImport({ tenantId }, created.import.id, { mapping, attestation });
  return created;
}

describe('CSV import', () => {
  it('imports valid rows, refuses 10% invalid + duplicates + suppressed + blocked, and reports each', async () => {
    await createField({ tenantId }, { key: 'plan', label: 'Plan', type: 'TEXT' });
    await suppressAddress({ tenantId }, { email: 'gone@example.com', reason: 'HARD_BOUNCE' });
    await db.blockedAddress.create({ data: { value: 'trap.example', kind: 'SPAM_TRAP' } });
    const rows = ['email,first,plan'];
    for (let i = 0; i < 1000; i++) rows.push(i % 10 === 0 ? `broken-${i}@@example,Bad,x` : `user${i}@Example.com,User ${i},pro`);
    rows.push('USER1@example.com,Dup,pro', 'gone@example.com,Gone,pro', 'x@trap.example,Trap,pro', 'y@mailinator.com,Temp,pro');
    const { import: imp, columns, rows: preview, guess } = await createImport({ tenantId }, { listId, fileName: 'p.csv', body: Readable.from([rows.join('\n')]) });
    expect(columns).toEqual(['email', 'first', 'plan']);
    expect(preview[0]).toEqual(['broken-0@@example', 'Bad', 'x']);
    expect(guess.email).toBe('email');
    await startImport({ tenantId }, imp.id, { mapping: { email: 'email', firstName: 'first', fields: { plan: 'plan' } }, attestation });
    const out = await runImport({ tenantId }, imp.id);
    expect(out).toEqual({ status: 'DONE', totalRows: 1004, importedRows: 900, refusedRows: 104 });
    expect(await db.subscription.count({ where: { listId, status: 'CONFIRMED', source: 'IMPORT', attestation } })).toBe(900);
    expect(await db.subscriber.findFirst({ where: { email: 'user1@example.com' } })).toMatchObject({ firstName: 'User 1', attributes: { plan: 'pro' } });
    const saved = await db.import.findUniqueOrThrow({ where: { id: imp.id } });
    expect(saved).toMatchObject({ status: 'DONE', processedRows: 1004, importedRows: 900, refusedRows: 104 });
    const report = readFileSync(saved.reportPath!, 'utf8').trim().split('\n');
    expect(report[0]).toBe('line,email,reason,detail,encoding,separator,decimal_mark');
    expect(report[1]).toMatch(/^2,broken-0@@example,syntax,/);
    expect(report.filter((l) => l.includes(',syntax,'))).toHaveLength(100);
    expect(report).toContain('1002,USER1@example.com,duplicate,same address as line 3,utf-8,comma,point');
    expect(report).toContain('1003,gone@example.com,suppressed,hard_bounce,utf-8,comma,point');
    expect(report).toContain('1004,x@trap.example,blocked,platform blocklist: trap.example (spam trap),utf-8,comma,point');
    expect(report).toContain('1005,y@mailinator.com,blocked,disposable mailbox domain,utf-8,comma,point');
  });

  it('merges into existing subscribers and never confirms a pending or unsubscribed subscription', async () => {
    await subscribe({ tenantId }, { listId, email: 'pending@example.com', source: 'FORM' });
    const un = await subscribe({ tenantId }, { listId, email: 'unsub@example.com', source: 'FORM' });
    await db.subscription.update({ where: { id: un.subscriptionId }, data: { status: 'UNSUBSCRIBED' } });
    await db.subscriber.create({ data: { tenantId, email: 'known@example.com', firstName: null, attributes: { keep: 1 } } });
    await db.subscriber.create({ data: { tenantId, email: 'left@example.com', status: 'UNSUBSCRIBED' } });
    const { import: imp } = await upload('email,first\npending@example.com,P\nunsub@example.com,U\nknown@example.com,Kim\nleft@example.com,L\n');
    const out = await runImport({ tenantId }, imp.id);
    expect(out).toMatchObject({ importedRows: 1, refusedRows: 3 });
    const status = async (email: string) => (await db.subscription.findFirst({ where: { listId, subscriber: { email } } }))?.status;
    expect(await status('pending@example.com')).toBe('PENDING');
    expect(await status('unsub@example.com')).toBe('UNSUBSCRIBED');
    expect(await status('left@example.com')).toBeUndefined();
    expect(await status('known@example.com')).toBe('CONFIRMED');
    expect(await db.subscriber.findFirst({ where: { email: 'known@example.com' } })).toMatchObject({ firstName: 'Kim', attributes: { keep: 1 } });
    const report = readFileSync((await db.import.findUniqueOrThrow({ where: { id: imp.id } })).reportPath!, 'utf8');
    expect(report).toMatch(/pending@example.com,pending,/);
    expect(report).toMatch(/unsub@example.com,unsubscribed,/);
    expect(report).toMatch(/left@example.com,suppressed,subscriber is unsubscribed/);
  });

  it('a sign-up of a new address during the merge: the import waits for it, then merges that row too', async () => {
    const { import: imp } = await upload('email,first\nfresh@example.com,Fresh\nother@example.com,Other\n');
    // The sign-up's transaction holds the address uncommitted while the import inserts it.
    const signup = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await signup.connect();
    await signup.query('BEGIN');
    await signup.query(`INSERT INTO "Subscriber" (id, "tenantId", email, attributes, "createdAt", "updatedAt")
      VALUES (gen_random_uuid(), $1, 'fresh@example.com', '{"form": true}', now(), now())`, [tenantId]);
    const run = runImport({ tenantId }, imp.id);
    let waited = false;
    for (let i = 0; i < 400 && !waited; i++) {
      const r = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE application_name = $1 AND datname = current_database() AND wait_event_type = 'Lock'`, IMPORT_APPLICATION_NAME);
      waited = r[0]!.n > 0;
      if (!waited) await new Promise((ok) => setTimeout(ok, 25));
    }
    await signup.query('COMMIT');
    await signup.end();
    expect(waited).toBe(true);
    expect(await run).toEqual({ status: 'DONE', totalRows: 2, importedRows: 2, refusedRows: 0 });
    expect(await db.subscriber.count({ where: { tenantId } })).toBe(2);
    expect(await db.subscriber.findFirstOrThrow({ where: { tenantId, email: 'fresh@example.com' } })).toMatchObject({ firstName: 'Fresh', attributes: { form: true } });
    expect(await db.subscription.count({ where: { listId, status: 'CONFIRMED', source: 'IMPORT' } })).toBe(2);
  });

  it('a file whose only non-UTF-8 byte is on line 30,002 is read as Windows-1252, and a file that cannot be decoded is refused at upload', async () => {
    const good = Array.from({ length: 30_000 }, (_, i) => `ok${i}@example.com,Ok`).join('\n');
    const latin1 = Buffer.concat([Buffer.from(`email,first\n${good}\n`), Buffer.from('mueller@example.com,M\xfcller\n', 'latin1')]);
    const created = await createImport({ tenantId }, { listId, fileName: 'l1.csv', body: Readable.from([latin1]) });
    expect(created.detection).toMatchObject({ encoding: 'windows-1252', separator: ',', rows: 30_001 });
    await startImport({ tenantId }, created.import.id, { mapping: { email: 'email', firstName: 'first' }, attestation });
    expect(await runImport({ tenantId }, created.import.id)).toMatchObject({ status: 'DONE', importedRows: 30_001 });
    expect(await db.subscriber.findFirstOrThrow({ where: { email: 'mueller@example.com' } })).toMatchObject({ firstName: 'Müller' });
    // UTF-16 (by its BOM) whose last character is cut off: nothing is stored, the error says why.
    const cut = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email\nx@example.com\n', 'utf16le'), Buffer.from([0x41])]);
    await expect(createImport({ tenantId }, { listId, fileName: 'x.csv', body: Readable.from([cut]) }))
      .rejects.toThrow(/cannot be read as UTF-16LE \(near line 3\)/);
    expect(await db.import.count({ where: { fileName: 'x.csv' } })).toBe(0);
  });

  it('a missing email column is refused before the run; a missing mapping too', async () => {
    const created = await createImport({ tenantId }, { listId, fileName: 'n.csv', body: Readable.from(['name,phone\nAnn,123\n']) });
    expect(created.guess.email).toBeUndefined();
    await expect(startImport({ tenantId }, created.import.id, { mapping: { email: 'email' }, attestation })).rejects.toThrow('The file has no column "email".');
    await expect(startImport({ tenantId }, created.import.id, { mapping: {}, attestation })).rejects.toThrow();
    await expect(startImport({ tenantId }, created.import.id, { mapping: { email: 'name' }, attestation: 'yes' })).rejects.toThrow(/consented/);
    expect(await db.import.findUniqueOrThrow({ where: { id: created.import.id } })).toMatchObject({ status: 'PENDING' });
  });

  it('another tenant cannot see or start the import', async () => {
    const created = await createImport({ tenantId }, { listId, fileName: 'p.csv', body: Readable.from(['email\na@example.com\n']) });
    await expect(startImport({ tenantId: otherTenant }, created.import.id, { mapping: { email: 'email' }, attestation })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(createImport({ tenantId: otherTenant }, { listId, fileName: 'p.csv', body: Readable.from(['email\n']) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('opt-in mode: new subscriptions PENDING without attestation, mailed in batches once, confirmed by their link', async () => {
    await subscribe({ tenantId }, { listId, email: 'waiting@example.com', source: 'FORM' });
    const un = await subscribe({ tenantId }, { listId, email: 'left@example.com', source: 'FORM' });
    await db.subscription.update({ where: { id: un.subscriptionId }, data: { status: 'UNSUBSCRIBED' } });
    const done = await subscribe({ tenantId }, { listId, email: 'done@example.com', source: 'FORM' });
    await db.subscription.update({ where: { id: done.subscriptionId }, data: { status: 'CONFIRMED' } });
    await getQueue(QUEUES.systemMail).obliterate({ force: true });
    const n = IMPORT_OPT_IN_BATCH + 50;
    const rows = ['email,first', 'waiting@example.com,W', 'left@example.com,L', 'done@example.com,D'];
    for (let i = 0; i < n; i++) rows.push(`new${i}@example.com,New ${i}`);
    const { import: imp } = await createImport({ tenantId }, { listId, fileName: 'p.csv', body: Readable.from([rows.join('\n')]) });
    // No statement needed: consent is asked.
    await startImport({ tenantId }, imp.id, { mapping: { email: 'email', firstName: 'first' }, consentMode: 'OPT_IN_MAIL' });
    expect(await runImport({ tenantId }, imp.id)).toMatchObject({ status: 'DONE', importedRows: n + 1, refusedRows: 2 });
    expect(await db.subscription.count({ where: { listId, status: 'PENDING', source: 'IMPORT', attestation: null, confirmedAt: null } })).toBe(n);
    expect((await db.subscription.findFirst({ where: { subscriber: { email: 'done@example.com' } } }))!.status).toBe('CONFIRMED');
    expect((await db.subscription.findFirst({ where: { subscriber: { email: 'left@example.com' } } }))!.status).toBe('UNSUBSCRIBED');
    const report = readFileSync((await db.import.findUniqueOrThrow({ where: { id: imp.id } })).reportPath!, 'utf8');
    expect(report).toMatch(/left@example.com,unsubscribed,unsubscribed from this list; not mailed/);
    expect(report).toMatch(/waiting@example.com,pending,/);
    // Nothing is mailed inside the import; the first batch job is queued after commit.
    expect(await queuedMails()).toHaveLength(0);
    const first = await getQueue(QUEUES.imports).getJob(`import-opt-in-${imp.id}-first`);
    expect(first?.data).toEqual({ tenantId, importId: imp.id });

    const b1 = await sendImportOptInMails({ tenantId, importId: imp.id });
    expect(b1.mailed).toBe(IMPORT_OPT_IN_BATCH);
    const next = await getQueue(QUEUES.imports).getJob(`import-opt-in-${imp.id}-${b1.next}`);
    expect(next?.opts.delay).toBe(IMPORT_OPT_IN_INTERVAL_MS);
    const b2 = await sendImportOptInMails(next!.data as { tenantId: string; importId: string; after: string });
    expect(b2).toEqual({ mailed: 50, next: null });
    // A repeated batch (a retried job) mails nobody twice.
    expect(await sendImportOptInMails({ tenantId, importId: imp.id })).toEqual({ mailed: 0, next: null });
    const mails = await queuedMails();
    expect(mails).toHaveLength(n);
    expect(new Set(mails.map((m) => m.to)).size).toBe(n);
    expect(mails.every((m) => m.kind === 'OPT_IN_CONFIRMATION' && /^new\d+@example.com$/.test(m.to))).toBe(true);

    await confirmSubscription({ token: await confirmTokenFor('new7@example.com') });
    expect((await db.subscription.findFirst({ where: { subscriber: { email: 'new7@example.com' } } }))!.status).toBe('CONFIRMED');
    expect(await db.subscription.count({ where: { listId, status: 'PENDING', source: 'IMPORT' } })).toBe(n - 1);
  });

  it('attest mode still needs the statement; opt-in mode does not', async () => {
    const created = await createImport({ tenantId }, { listId, fileName: 'p.csv', body: Readable.from(['email\na@example.com\n']) });
    await expect(startImport({ tenantId }, created.import.id, { mapping: { email: 'email' }, consentMode: 'ATTEST' })).rejects.toThrow(/consented/);
    await expect(startImport({ tenantId }, created.import.id, { mapping: { email: 'email' }, consentMode: 'BOGUS' as 'ATTEST' })).rejects.toMatchObject({ code: 'VALIDATION' });
    const started = await startImport({ tenantId }, created.import.id, { mapping: { email: 'email' }, consentMode: 'OPT_IN_MAIL', attestation: 'ignored' });
    expect(started).toMatchObject({ status: 'QUEUED', consentMode: 'OPT_IN_MAIL', attestation: null });
  });

  it('a 500,000-row file imports with bounded memory', async () => {
    const path = join(process.env.IMPORT_DIR!, 'big-source.csv');
    const out = createWriteStream(path);
    out.write('email,first\n');
    for (let i = 0; i < 500_000; i++) {
      if (!out.write(`person${i}@example${i % 97}.com,Person ${i}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const { createReadStream } = await import('node:fs');
    const created = await createImport({ tenantId }, { listId, fileName: 'big.csv', body: createReadStream(path) });
    await startImport({ tenantId }, created.import.id, { mapping: { email: 'email', firstName: 'first' }, attestation });
    global.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
    const t0 = Date.now();
    const r = await runImport({ tenantId }, created.import.id);
    clearInterval(timer);
    const growthMb = (peak - base) / 1048576;
    console.log(`500k import: ${((Date.now() - t0) / 1000).toFixed(1)} s, RSS growth ${growthMb.toFixed(0)} MB`);
    expect(r).toMatchObject({ status: 'DONE', importedRows: 500_000, refusedRows: 0 });
    expect(await db.subscription.count({ where: { listId } })).toBe(500_000);
    // The file is ~17 MB and the rows as JS objects would be several hundred MB: a flat
    // stream stays far below that.
    expect(growthMb).toBeLessThan(120);
  }, 600_000);
});
