// The classification pool: results as classifyBounce gives them in-process, the time budget
// (a spinning thread is terminated, its message failed, the thread replaced), closing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyBounce } from '../../src/bounce/classify.ts';
import { ClassificationFailed, createClassifyPool, type ClassifyPool } from '../../src/bounce/pool.ts';
import { sisimaiDir } from './corpus.ts';

const spinEntry = new URL('./spin-thread.mjs', import.meta.url);
const bounce = readFileSync(join(sisimaiDir, 'maildir/bsd/lhost-qmail-01.eml'));
const spinning = Buffer.concat([Buffer.from('X-Test-Spin: forever\n'), bounce]);

let pool: ClassifyPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe('classification pool', () => {
  it('classifies in a worker thread exactly as in-process', async () => {
    pool = createClassifyPool({ threads: 2, budgetMs: 5000 });
    const files = ['lhost-qmail-01.eml', 'lhost-v5sendmail-07.eml', 'lhost-postfix-01.eml'].map((f) => readFileSync(join(sisimaiDir, 'maildir/bsd', f)));
    const results = await Promise.all(files.map((raw) => pool!.classify(raw)));
    expect(results).toEqual(files.map((raw) => classifyBounce(raw)));
  }, 60_000);

  it('fails a message that exceeds the budget for good, replaces the thread and goes on with the next', async () => {
    pool = createClassifyPool({ threads: 1, budgetMs: 1000, entry: spinEntry });
    const stuck = pool.classify(spinning);
    const next = pool.classify(bounce); // queued behind the stuck one on the only thread
    const err = await stuck.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClassificationFailed);
    expect(err).toMatchObject({ reason: 'budget', message: 'classification took longer than 1000 ms' });
    expect(await next).toEqual(classifyBounce(bounce));
  }, 60_000);

  it('sends nothing more to a thread being terminated: mail that arrives as the budget ends waits for the new one', async () => {
    pool = createClassifyPool({ threads: 1, budgetMs: 1000, entry: spinEntry });
    // Submitted the moment the stuck message is failed, while its thread is still being terminated.
    const late = pool.classify(spinning).then(() => null, () => pool!.classify(bounce));
    expect(await late).toEqual(classifyBounce(bounce));
  }, 60_000);

  it('close() rejects what is still queued, retryably (no ClassificationFailed verdict on the mail)', async () => {
    pool = createClassifyPool({ threads: 1, budgetMs: 60_000, entry: spinEntry });
    const running = pool.classify(spinning).catch((e: unknown) => e);
    const queued = pool.classify(bounce).catch((e: unknown) => e);
    await pool.close();
    for (const err of [await running, await queued]) {
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toBeInstanceOf(ClassificationFailed);
    }
    await expect(pool.classify(bounce)).rejects.toThrow(/closed/);
  }, 60_000);
});
