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
import { importOptInJobId, queueImportOptInMails } from './import-optin.ts';

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

/**
 * Opt-in mails of OPT_IN_MAIL imports (import-optin.ts) go out as a chain of jobs, each batch
 * queueing the next: Redis losing the next batch's job would leave everyone after it unmailed.
 * Imports DONE whose list still has token-less PENDING import subscriptions within their
 * opt-in window get their first batch again: it takes those rows from the start, and the
 * conditional token update means nobody is mailed twice (a chain racing it included).
 * - An import with a batch job waiting, delayed or active is left alone (its chain is alive).
 * - One import per list, the newest: its chain began at the start of the list after the older
 *   ones had finished, so it mails their people too (alive or resumed).
 * - Bounded: imports finished within the tenant's opt-in expiry window (at most 30 days),
 *   rows whose expiry has not passed (past it, pruneExpiredOptIns deletes them, unmailed).
 * A suppressed address stays token-less (never mailed): its list gets a chain that mails
 * nobody at each recovery, harmless and bounded by the window.
 */
export async function resumeImportOptInMails(opts: { prefix?: string; now?: Date } = {}): Promise<{ resumed: number; alive: number }> {
  const now = opts.now ?? new Date();
  const candidates = await getDb().$queryRaw<{ id: string; tenantId: string }[]>`
    SELECT DISTINCT ON (i."listId") i.id::text AS id, i."tenantId"::text AS "tenantId"
    FROM "Import" i JOIN "Tenant" t ON t.id = i."tenantId"
    WHERE i.status = 'DONE' AND i."consentMode" = 'OPT_IN_MAIL'
      AND i."finishedAt" > ${now}::timestamp - make_interval(days => LEAST(t."optInExpiryDays", 30))
      AND EXISTS (SELECT 1 FROM "Subscription" s JOIN "Subscriber" p ON p.id = s."subscriberId"
        WHERE s."listId" = i."listId" AND s.status = 'PENDING' AND s.source = 'IMPORT' AND s."tokenHash" IS NULL
          AND (s."tokenExpiresAt" IS NULL OR s."tokenExpiresAt" > ${now}) AND p.status = 'ACTIVE')
    ORDER BY i."listId", i."finishedAt" DESC
    LIMIT 1000`;
  if (candidates.length === 0) return { resumed: 0, alive: 0 };
  const queue = getQueue(JOBS.importOptInMails.queue, opts.prefix);
  const pending = await queue.getJobs(['waiting', 'prioritized', 'delayed', 'active', 'waiting-children']);
  const chained = new Set(pending.filter((j) => j?.name === JOBS.importOptInMails.name).map((j) => (j.data as { importId: string }).importId));
  let resumed = 0;
  let alive = 0;
  for (const i of candidates) {
    if (chained.has(i.id)) { alive += 1; continue; }
    // A finished first batch (kept an hour, a failed one a week) would make the add a no-op.
    const first = await queue.getJob(importOptInJobId(i.id));
    if (first) {
      const state = await first.getState();
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') { alive += 1; continue; }
      await first.remove();
    }
    await queueImportOptInMails({ tenantId: i.tenantId, importId: i.id }, { prefix: opts.prefix });
    resumed += 1;
  }
  return { resumed, alive };
}
