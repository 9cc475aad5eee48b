// Redis came back empty (the worker's Redis watch, redis-recovery job): imports that were
// waiting for their job (QUEUED) get it again. Same job id as at the start, so a job that
// still exists is not doubled, and the run claims QUEUED -> RUNNING conditionally
// (import-run.ts), so it can never run twice. A RUNNING import is not restarted.
import { getDb } from '@rundbrief/db';
import { enqueue } from '../jobs/queue.ts';

export async function reenqueueQueuedImports(): Promise<number> {
  const waiting = await getDb().import.findMany({ where: { status: 'QUEUED' }, select: { id: true, tenantId: true }, take: 1000 });
  for (const i of waiting) await enqueue('importCsv', { tenantId: i.tenantId, importId: i.id }, { jobId: `import-${i.id}`, attempts: 1 });
  return waiting.length;
}
