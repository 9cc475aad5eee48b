// Inbound mail is classified off the job's thread, under a time budget (mailer bounce/pool.ts):
// one hostile message can cost at most BOUNCE_CLASSIFY_BUDGET_MS of one thread, once.
import { z } from 'zod';
import { parseEnv } from '@rundbrief/db';
import type { BounceResult } from '@rundbrief/mailer/bounce/index';
import { createClassifyPool, type ClassifyPool } from '@rundbrief/mailer/bounce/pool';

export { ClassificationFailed } from '@rundbrief/mailer/bounce/pool';

const classifyEnv = z.object({
  BOUNCE_CLASSIFY_THREADS: z.coerce.number().int().min(1).max(32).default(2),
  BOUNCE_CLASSIFY_BUDGET_MS: z.coerce.number().int().min(10).max(60_000).default(2000),
});

export const classifySettings = () => {
  const env = parseEnv(classifyEnv);
  return { threads: env.BOUNCE_CLASSIFY_THREADS, budgetMs: env.BOUNCE_CLASSIFY_BUDGET_MS };
};

let pool: ClassifyPool | null = null;

/** Starts the threads ahead of the first mail (the worker at start-up; idempotent). */
export function startClassifyPool(): ClassifyPool {
  pool ??= createClassifyPool(classifySettings());
  return pool;
}

/** Classifies one inbound message in the pool; rejects with ClassificationFailed when it cannot be. */
export function classifyInbound(raw: Uint8Array): Promise<BounceResult> {
  return startClassifyPool().classify(raw);
}

/** Graceful shutdown of the worker process (after its jobs have finished). */
export async function closeClassifyPool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.close();
}

/** Tests put a pool of their own in place (a thread entry that spins, a small budget). */
export async function useClassifyPool(next: ClassifyPool): Promise<void> {
  await closeClassifyPool();
  pool = next;
}
