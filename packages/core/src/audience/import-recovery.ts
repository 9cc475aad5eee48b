// Redis came back empty (the worker's Redis watch, redis-recovery job): imports whose job was
// lost get it again, with the same job id as at the start (import-<id>), so a job that still
// exists is not doubled.
// - QUEUED: waiting for their job. The run claims QUEUED -> RUNNING conditionally
//   (import-run.ts), so it can never run twice.
// - RUNNING: a run had claimed it. Queued again only when no job of it is in the queue any
//   more and no live run holds its lock (IMPORT_RUN_LOCK_KEY): a worker still running it
//   keeps going even though Redis lost its job, and is left alone. Nothing of a dead run was
//   applied (the import commits rows, webhook events, counts and DONE in one transaction),
//   so the new run takes the import over and starts from the first row.
import { getDb } from '@rundbrief/db';
import { JOBS } from '../jobs/definitions.ts';
import { enqueue, getQueue } from '../jobs/queue.ts';
import { IMPORT_RUN_LOCK_KEY } from './import-run.ts';

const jobIdOf = (importId: string) => `import-${importId}`;

/** Is a live run holding the import's lock? (Probed, not held: released at once.) */
async function runIsLive(importId: string): Promise<boolean> {
  const [row] = await getDb().$transaction((tx) =>
    tx.$queryRawUnsafe<{ free: boolean }[]>(`SELECT pg_try_advisory_xact_lock(${IMPORT_RUN_LOCK_KEY}) AS free`, importId));
  return !row?.free;
}

export async function reenqueueImports(opts: { prefix?: string } = {}): Promise<{ queued: number; resumed: number }> {
  const db = getDb();
  const waiting = await db.import.findMany({ where: { status: 'QUEUED' }, select: { id: true, tenantId: true }, take: 1000 });
  for (const i of waiting) await enqueue('importCsv', { tenantId: i.tenantId, importId: i.id }, { jobId: jobIdOf(i.id), attempts: 1, prefix: opts.prefix });

  const running = await db.import.findMany({ where: { status: 'RUNNING' }, select: { id: true, tenantId: true }, take: 1000 });
  const queue = getQueue(JOBS.importCsv.queue, opts.prefix);
  let resumed = 0;
  for (const i of running) {
    const job = await queue.getJob(jobIdOf(i.id));
    // Waiting, delayed or active: its run is coming or going on (the normal path).
    const state = job ? await job.getState() : 'unknown';
    if (state !== 'unknown' && state !== 'completed' && state !== 'failed') continue;
    if (await runIsLive(i.id)) continue;
    // A finished job would make the add below a no-op (same id): it goes first.
    if (job && state !== 'unknown') await job.remove();
    await enqueue('importCsv', { tenantId: i.tenantId, importId: i.id }, { jobId: jobIdOf(i.id), attempts: 1, prefix: opts.prefix });
    resumed += 1;
  }
  return { queued: waiting.length, resumed };
}
