// Redis lost its jobs (flushed, restarted empty) while an import was RUNNING: the
// redis-recovery job (import-recovery.ts) queues it again when its run is dead, and the new
// run applies it exactly once; a run that is still alive, or whose job is still in the
// queue, is left alone. The "flush" obliterates this test's own imports queue (its
// QUEUE_PREFIX), never the shared Redis.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { closeQueues, createImport, createList, getQueue, JOBS, QUEUES, runImport, startImport } from '../../src/index.ts';
import { reenqueueImports } from '../../src/audience/import-recovery.ts';
import { freshTenants } from './helpers.ts';

const db = getDb();
const here = dirname(fileURLToPath(import.meta.url));
const ROWS = 60_000; // progress is written every 20,000 rows: time to catch the run in the middle
let tenantId: string;
let listId: string;
const attestation = 'Customers who ticked the newsletter box at checkout (2025).';
const queue = () => getQueue(QUEUES.imports);

beforeAll(async () => { process.env.IMPORT_DIR = await mkdtemp(join(tmpdir(), 'rb-import-recovery-')); });
beforeEach(async () => {
  const { a } = await freshTenants();
  await queue().obliterate({ force: true });
  tenantId = a.id;
  listId = (await createList({ tenantId }, { name: 'Customers' })).id;
  // subscriber.created / subscriber.confirmed go to this endpoint: each must be recorded once
  await db.webhookEndpoint.create({ data: { tenantId, url: 'https://hooks.example.com/in', events: ['subscriber.created', 'subscriber.confirmed'], secretEnc: 'unused' } });
});
afterAll(closeQueues);

async function started(rows: number) {
  const lines = ['email,first'];
  for (let i = 0; i < rows; i++) lines.push(`person${i}@example.com,P${i}`);
  lines.push('person1@example.com,Dup', 'not-an-address,Bad');
  const { import: imp } = await createImport({ tenantId }, { listId, fileName: 'people.csv', body: Readable.from([lines.join('\n')]) });
  await startImport({ tenantId }, imp.id, { mapping: { email: 'email', firstName: 'first', fields: {} }, attestation });
  return imp.id;
}

const importOf = (id: string) => db.import.findUniqueOrThrow({ where: { id } });
async function waitFor(what: string, fn: () => Promise<boolean>, ms = 60_000) {
  const until = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
const inTheMiddle = async (id: string) => {
  const imp = await importOf(id);
  if (imp.status === 'DONE' || imp.status === 'FAILED') throw new Error(`the run finished before it could be interrupted (${imp.status})`);
  return imp.status === 'RUNNING' && imp.processedRows > 0;
};
const importJobs = async () => (await queue().getJobs(['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'])).filter((j) => j.name === JOBS.importCsv.name);

/** Applied exactly once: every row's subscriber and subscription once, counts, webhook events. */
async function expectAppliedOnce(id: string, rows: number) {
  expect(await importOf(id)).toMatchObject({ status: 'DONE', totalRows: rows + 2, processedRows: rows + 2, importedRows: rows, refusedRows: 2, error: null });
  expect(await db.subscriber.count({ where: { tenantId } })).toBe(rows);
  expect(await db.subscription.count({ where: { listId, status: 'CONFIRMED', source: 'IMPORT' } })).toBe(rows);
  const [dup] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM (SELECT email FROM "Subscriber" WHERE "tenantId" = ${tenantId}::uuid GROUP BY email HAVING count(*) > 1) d`;
  expect(dup!.n).toBe(0);
  const events = await db.webhookEvent.groupBy({ by: ['type'], where: { tenantId }, _count: true });
  expect(Object.fromEntries(events.map((e) => [e.type, e._count]))).toEqual({ 'subscriber.created': rows, 'subscriber.confirmed': rows });
}

describe('an import RUNNING when Redis lost its jobs', () => {
  it('whose worker died: the recovery queues it again and the new run applies it once, with the right counts', async () => {
    const id = await started(ROWS);
    // The worker takes the job and dies mid-run (SIGKILL: Postgres rolls its transaction back) ...
    await queue().obliterate({ force: true });
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'fixtures/run-import.ts'), tenantId, id], { env: process.env, stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    try {
      await waitFor('the run in the middle', () => inTheMiddle(id));
    } finally {
      child.kill('SIGKILL');
    }
    await exited;
    // ... and Redis comes back without its job: the import stays RUNNING, nothing applied.
    await waitFor('the dead run\'s connection gone', async () => {
      const [r] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'rundbrief-import' AND datname = current_database()`;
      return r!.n === 0;
    }, 10_000);
    expect((await importOf(id)).status).toBe('RUNNING');
    expect(await db.subscriber.count({ where: { tenantId } })).toBe(0);
    expect(await importJobs()).toHaveLength(0);

    expect(await reenqueueImports()).toEqual({ queued: 0, resumed: 1 });
    const jobs = await importJobs();
    expect(jobs.map((j) => j.id)).toEqual([`import-${id}`]);
    // a second recovery (another worker's, or the sweep's) does not double it
    expect(await reenqueueImports()).toEqual({ queued: 0, resumed: 0 });
    expect(await importJobs()).toHaveLength(1);

    // What the worker does with the job.
    expect(await runImport({ tenantId: jobs[0]!.data.tenantId }, jobs[0]!.data.importId)).toEqual({ status: 'DONE', totalRows: ROWS + 2, importedRows: ROWS, refusedRows: 2 });
    await expectAppliedOnce(id, ROWS);
  }, 180_000);

  it('whose run is still alive in a worker (only its job was lost): not queued again, it finishes by itself', async () => {
    const id = await started(ROWS);
    const run = runImport({ tenantId }, id);
    await waitFor('the run in the middle', () => inTheMiddle(id));
    await queue().obliterate({ force: true }); // Redis lost the job under the live run
    expect(await reenqueueImports()).toEqual({ queued: 0, resumed: 0 });
    expect(await importJobs()).toHaveLength(0);
    expect(await run).toMatchObject({ status: 'DONE', importedRows: ROWS });
    await expectAppliedOnce(id, ROWS);
  }, 180_000);

  it('whose job is still in the queue: not queued a second time', async () => {
    const id = await started(10);
    // claimed by a run (RUNNING), its job still waiting in the queue
    await db.import.update({ where: { id }, data: { status: 'RUNNING' } });
    expect(await importJobs()).toHaveLength(1);
    expect(await reenqueueImports()).toEqual({ queued: 0, resumed: 0 });
    const jobs = await importJobs();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.id).toBe(`import-${id}`);
    // the job's run takes the import over (no live run holds it) and applies it once
    await runImport({ tenantId }, id);
    await expectAppliedOnce(id, 10);
  }, 60_000);
});
