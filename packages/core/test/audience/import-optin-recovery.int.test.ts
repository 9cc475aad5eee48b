// Redis lost the next batch job of an OPT_IN_MAIL import's opt-in mails (import-optin.ts: each
// batch queues the next): the redis-recovery job (resumeImportOptInMails, import-recovery.ts)
// queues the first batch again, and every imported person is mailed exactly once; a chain that
// is still alive is left alone. The "flush" obliterates this test's own imports queue (its
// QUEUE_PREFIX), never the shared Redis; the queued confirmation mails are read back from the
// system-mail queue.
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Worker, type Job } from 'bullmq';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import {
  closeQueues, coreEnv, createImport, createList, createRedis, getQueue, IMPORT_OPT_IN_BATCH, JOBS, QUEUES, runImport, sendImportOptInMails, startImport,
} from '../../src/index.ts';
import { resumeImportOptInMails } from '../../src/audience/import-recovery.ts';
import { freshTenants, queuedMails } from './helpers.ts';

const db = getDb();
const N = 2 * IMPORT_OPT_IN_BATCH + 50; // three batches
let tenantId: string;
let listId: string;
const queue = () => getQueue(QUEUES.imports);
// Takes jobs one at a time, as a worker of the imports queue would (autorun off: the test decides when).
let stepper: Worker;

beforeAll(async () => {
  process.env.IMPORT_DIR = await mkdtemp(join(tmpdir(), 'rb-import-optin-recovery-'));
  stepper = new Worker(QUEUES.imports, null, { connection: createRedis('worker'), prefix: coreEnv().QUEUE_PREFIX, autorun: false });
});
beforeEach(async () => {
  const { a } = await freshTenants();
  await queue().obliterate({ force: true });
  tenantId = a.id;
  listId = (await createList({ tenantId }, { name: 'Customers' })).id;
});
afterAll(async () => {
  await stepper.close();
  await closeQueues();
});

/** An OPT_IN_MAIL import of N new people, run; its first opt-in batch job is queued. */
async function imported() {
  const rows = ['email,first'];
  for (let i = 0; i < N; i++) rows.push(`new${i}@example.com,New ${i}`);
  const { import: imp } = await createImport({ tenantId }, { listId, fileName: 'p.csv', body: Readable.from([rows.join('\n')]) });
  await startImport({ tenantId }, imp.id, { mapping: { email: 'email', firstName: 'first' }, consentMode: 'OPT_IN_MAIL' });
  expect(await runImport({ tenantId }, imp.id)).toMatchObject({ status: 'DONE', importedRows: N });
  await (await queue().getJob(`import-${imp.id}`))!.remove(); // the import job itself: run above
  expect(await db.subscription.count({ where: { listId, status: 'PENDING', source: 'IMPORT', tokenHash: null } })).toBe(N);
  return imp.id;
}

/** The worker takes the next batch job (a delayed one is due at once) and runs it. */
async function runNextBatch(): Promise<Job | undefined> {
  for (const j of await queue().getJobs(['delayed'])) await j.promote();
  const token = randomUUID();
  const job = await stepper.getNextJob(token, { block: false });
  if (!job) return undefined;
  expect(job.name).toBe(JOBS.importOptInMails.name);
  await job.moveToCompleted(await sendImportOptInMails(job.data), token, false);
  return job;
}
async function runAllBatches() {
  let n = 0;
  while (await runNextBatch()) n += 1;
  return n;
}
const chainJobs = async (states: ('waiting' | 'delayed' | 'active' | 'completed')[] = ['waiting', 'delayed', 'active']) =>
  (await queue().getJobs(states)).filter((j) => j.name === JOBS.importOptInMails.name);

/** Every imported person has a token and exactly one confirmation mail; nobody else is mailed. */
async function expectEachMailedOnce() {
  expect(await db.subscription.count({ where: { listId, status: 'PENDING', source: 'IMPORT', tokenHash: null } })).toBe(0);
  const mails = await queuedMails();
  expect(mails.every((m) => m.kind === 'OPT_IN_CONFIRMATION')).toBe(true);
  const perAddress = new Map<string, number>();
  for (const m of mails) perAddress.set(m.to, (perAddress.get(m.to) ?? 0) + 1);
  expect([...perAddress.values()].filter((c) => c > 1)).toEqual([]);
  expect([...perAddress.keys()].sort()).toEqual(Array.from({ length: N }, (_, i) => `new${i}@example.com`).sort());
}

describe('opt-in mails of an import when Redis lost the next batch job', () => {
  it.each([
    ['Redis flushed (every job gone)', () => queue().obliterate({ force: true })],
    // The finished first batch job is still there (kept an hour): it must not make the new one a no-op.
    ['only the next batch job lost', async () => { for (const j of await chainJobs(['delayed'])) await j.remove(); }],
  ])('%s: the recovery queues the first batch again and everyone is mailed once', async (_name, lose) => {
    const id = await imported();
    expect((await runNextBatch())!.id).toBe(`import-opt-in-${id}-first`);
    expect(await chainJobs(['delayed'])).toHaveLength(1);
    await lose();
    expect(await chainJobs()).toHaveLength(0);

    expect(await resumeImportOptInMails()).toEqual({ resumed: 1, alive: 0 });
    expect((await chainJobs()).map((j) => j.id)).toEqual([`import-opt-in-${id}-first`]);
    // a second recovery while that chain is queued does not double it
    expect(await resumeImportOptInMails()).toEqual({ resumed: 0, alive: 1 });
    expect(await chainJobs()).toHaveLength(1);

    expect(await runAllBatches()).toBe(2); // the 250 left: 200 + 50
    await expectEachMailedOnce();
    // all mailed: nothing left to resume
    expect(await resumeImportOptInMails()).toEqual({ resumed: 0, alive: 0 });
    expect(await chainJobs()).toHaveLength(0);
  }, 60_000);

  it('a chain still alive (its next batch delayed in the queue) is not doubled', async () => {
    const id = await imported();
    await runNextBatch();
    const [next] = await chainJobs();
    expect(next!.id).not.toBe(`import-opt-in-${id}-first`);
    expect(await next!.getState()).toBe('delayed');

    expect(await resumeImportOptInMails()).toEqual({ resumed: 0, alive: 1 });
    expect((await chainJobs()).map((j) => j.id)).toEqual([next!.id]);
    expect(await runAllBatches()).toBe(2);
    await expectEachMailedOnce();
  }, 60_000);

  it('a batch still running during the flush goes on beside the resumed chain: nobody is mailed twice', async () => {
    const id = await imported();
    await runNextBatch(); // batch 1
    await queue().obliterate({ force: true }); // batch 2's job lost ...
    expect(await resumeImportOptInMails()).toEqual({ resumed: 1, alive: 0 });
    // ... while a worker that had taken it before the flush runs it beside the resumed chain's first batch
    const after = (await db.subscription.findMany({ where: { listId, tokenHash: { not: null } }, orderBy: { id: 'desc' }, take: 1 }))[0]!.id;
    const token = randomUUID();
    const first = (await stepper.getNextJob(token, { block: false }))!;
    const [a] = await Promise.all([sendImportOptInMails(first.data), sendImportOptInMails({ tenantId, importId: id, after })]);
    await first.moveToCompleted(a, token, false);
    await runAllBatches();
    await expectEachMailedOnce();
  }, 60_000);

  it('an import past its opt-in window is left alone (its people are pruned, not mailed late)', async () => {
    const id = await imported();
    await queue().obliterate({ force: true }); // the first batch job itself lost
    const { optInExpiryDays: days } = await db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
    const inDays = (d: number) => new Date(Date.now() + d * 86_400_000);
    // the people's window (set at import) has passed, even though the tenant's is longer now
    await db.tenant.update({ where: { id: tenantId }, data: { optInExpiryDays: days + 10 } });
    expect(await resumeImportOptInMails({ now: inDays(days + 1) })).toEqual({ resumed: 0, alive: 0 });
    // the import finished longer ago than the tenant's window, even though its people's is open
    await db.subscription.updateMany({ where: { listId }, data: { tokenExpiresAt: inDays(60) } });
    expect(await resumeImportOptInMails({ now: inDays(days + 11) })).toEqual({ resumed: 0, alive: 0 });
    expect(await resumeImportOptInMails()).toEqual({ resumed: 1, alive: 0 });
    expect((await chainJobs()).map((j) => j.id)).toEqual([`import-opt-in-${id}-first`]);
  }, 60_000);

  it('one chain per list, and people who can never be mailed do not keep it coming back', async () => {
    await imported();
    // a second OPT_IN_MAIL import into the same list, a day later
    const { import: two } = await createImport({ tenantId }, { listId, fileName: 'more.csv', body: Readable.from(['email\nlater1@example.com\nlater2@example.com\n']) });
    await startImport({ tenantId }, two.id, { mapping: { email: 'email' }, consentMode: 'OPT_IN_MAIL' });
    await runImport({ tenantId }, two.id);
    await db.import.update({ where: { id: two.id }, data: { finishedAt: new Date(Date.now() + 86_400_000) } });
    // bounced since the import: never mailed, stays without a token
    await db.subscriber.updateMany({ where: { tenantId, email: 'new3@example.com' }, data: { status: 'BOUNCED' } });
    await queue().obliterate({ force: true });

    // the newest import's chain: from the start, it mails the whole list
    expect(await resumeImportOptInMails({ now: new Date(Date.now() + 86_400_000) })).toEqual({ resumed: 1, alive: 0 });
    expect((await chainJobs()).map((j) => j.id)).toEqual([`import-opt-in-${two.id}-first`]);
    expect(await runAllBatches()).toBe(3);
    expect(await db.subscription.count({ where: { listId, status: 'PENDING', tokenHash: null } })).toBe(1);
    expect(new Set((await queuedMails()).map((m) => m.to)).size).toBe(N + 2 - 1);
    expect(await resumeImportOptInMails({ now: new Date(Date.now() + 86_400_000) })).toEqual({ resumed: 0, alive: 0 });
  }, 60_000);
});
