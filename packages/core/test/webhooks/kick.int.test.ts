// The dispatcher's wake-up must not be lost: a kick that arrives while a dispatch is already
// running (past its read of due deliveries) has to run one more dispatch after it. A plain
// 250 ms throttle dropped such a kick, so a test event waited for the sweep (seen as a 20 s
// timeout in the full int run). Real Redis, a real BullMQ worker on a private queue prefix.
import { Worker } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { closeQueues, coreEnv, createRedis, QUEUES } from '../../src/index.ts';
import { JOBS } from '../../src/jobs/definitions.ts';
import { kickWebhookDispatch } from '../../src/webhooks/events.ts';

const until = async (what: string, fn: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

let worker: Worker | undefined;
afterAll(async () => {
  await worker?.close();
  await closeQueues();
});

describe('kickWebhookDispatch', () => {
  it('a kick while a dispatch runs leads to one more dispatch after it; kicks while one waits coalesce', async () => {
    const runs: number[] = [];
    let release!: () => void;
    const firstHeld = new Promise<void>((r) => { release = r; });
    worker = new Worker(QUEUES.webhooks, async (job) => {
      if (job.name !== JOBS.dispatchWebhooks.name) return;
      runs.push(Date.now());
      if (runs.length === 1) await firstHeld;
    }, { connection: createRedis('worker'), prefix: coreEnv().QUEUE_PREFIX, concurrency: 4 });

    await kickWebhookDispatch();
    await until('the first dispatch running', () => runs.length === 1);
    // Right away (well inside 250 ms of the first kick), while the first is past its start:
    await kickWebhookDispatch();
    await kickWebhookDispatch();
    await kickWebhookDispatch();
    await new Promise((r) => setTimeout(r, 200));
    expect(runs).toHaveLength(1); // never two at once
    release();
    await until('a second dispatch after the first', () => runs.length === 2);
    await new Promise((r) => setTimeout(r, 500));
    expect(runs).toHaveLength(2); // the three kicks made one more dispatch, not three
  });
});
