// One mail cannot stall a worker: an inbound message whose classification outlasts the
// budget is FAILED with the reason on its first attempt (its job completes, nothing is
// retried or swept later) and the message behind it is applied as usual. The pool runs one
// thread whose entry spins forever on a marked message, as a parser gone quadratic would.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeQueues, getQueue, QUEUES, verpAddress } from '@rundbrief/core';
import { closeClassifyPool, useClassifyPool } from '@rundbrief/core/feedback/classify';
import { enqueueInbound, processInboundMessage, processStaleInbound, storeInboundMessage } from '@rundbrief/core/feedback/inbound';
import { closeIpBlocks } from '@rundbrief/core/platform/ip-blocks';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { createClassifyPool } from '@rundbrief/mailer/bounce/pool';
import { startWorker } from '../sending/fixtures.ts';
import { dsn, seedAudience, seedSentMessage, seedSubscriber, startInboundWorker, waitFor } from './fixtures.ts';

const db = getDb();
const BUDGET_MS = 1500;
const spinEntry = new URL('../../../../packages/mailer/test/bounce/spin-thread.mjs', import.meta.url);
let worker: ReturnType<typeof startInboundWorker>;

beforeAll(async () => {
  await useClassifyPool(createClassifyPool({ threads: 1, budgetMs: BUDGET_MS, entry: spinEntry }));
  worker = startInboundWorker();
});
afterAll(async () => {
  await worker.close();
  await closeClassifyPool();
  await closeQueues();
  await closeIpBlocks();
});
beforeEach(() => truncateAll());

const store = (messageId: string, raw: string) =>
  storeInboundMessage({ kind: 'BOUNCE', mailFrom: '', rcptTo: [verpAddress(messageId)], remoteIp: '127.0.0.1', raw: Buffer.from(raw) });

describe('inbound classification under a time budget', () => {
  it('a message over the budget is FAILED once, not retried nor swept; the next one is applied', async () => {
    const { tenant, list } = await seedAudience();
    const a = await seedSentMessage(tenant.id, await seedSubscriber(tenant.id, [list.id]));
    const subB = await seedSubscriber(tenant.id, [list.id]);
    const b = await seedSentMessage(tenant.id, subB);
    const unknownUser = (recipient: string) => dsn({ recipient, status: '5.1.1', diagnostic: '550 5.1.1 User unknown' });

    const stuck = await store(a.message.id, `X-Test-Spin: forever\n${unknownUser(a.message.email)}`);
    const next = await store(b.message.id, unknownUser(subB.email));
    await enqueueInbound(stuck);
    await enqueueInbound(next);

    const settled = async () => {
      const rows = await db.inboundMessage.findMany({ where: { status: { not: 'PENDING' } } });
      return rows.length === 2 ? new Map(rows.map((r) => [r.id, r])) : null;
    };
    const { value: rows } = await waitFor(settled, 60_000);
    expect(rows.get(stuck)).toMatchObject({ status: 'FAILED', error: `classification took longer than ${BUDGET_MS} ms` });
    expect(rows.get(stuck)!.processedAt).not.toBeNull();
    expect(rows.get(next)).toMatchObject({ status: 'APPLIED', error: null });
    expect((await db.message.findUniqueOrThrow({ where: { id: b.message.id } })).status).toBe('BOUNCED');
    expect((await db.message.findUniqueOrThrow({ where: { id: a.message.id } })).status).toBe('SENT');

    // The drain ended without an error: no backoff retry is waiting to run it again.
    expect(await getQueue(QUEUES.inbound).getJobCounts('failed', 'delayed')).toEqual({ failed: 0, delayed: 0 });
    // Neither the sweep of stale rows nor a replayed job takes it up again.
    expect(await processStaleInbound(0)).toBe(0);
    expect(await processInboundMessage(stuck)).toBeNull();
    expect((await db.inboundMessage.findUniqueOrThrow({ where: { id: stuck } })).status).toBe('FAILED');
  });
});

describe('classification threads in the worker process', () => {
  it('load under tsx as `node --import tsx apps/worker/src/main.ts` runs, classify, and stop with the worker on SIGTERM', async () => {
    await worker.close(); // this file's in-process worker must not take the job
    const proc = await startWorker({ WORKER_QUEUES: 'inbound' });
    try {
      await waitFor(async () => proc.output.join('').includes('bounce classification threads ready'), 60_000);
      const { tenant, list } = await seedAudience();
      const sub = await seedSubscriber(tenant.id, [list.id]);
      const { message } = await seedSentMessage(tenant.id, sub);
      const id = await store(message.id, dsn({ recipient: sub.email, status: '5.1.1', diagnostic: '550 5.1.1 User unknown' }));
      await enqueueInbound(id);
      const { value: row } = await waitFor(async () => {
        const r = await db.inboundMessage.findUniqueOrThrow({ where: { id } });
        return r.status === 'PENDING' ? null : r;
      }, 30_000);
      expect(row).toMatchObject({ status: 'APPLIED', result: { classification: { category: 'hard', isBounce: true } } });
    } finally {
      await proc.stop('SIGTERM');
    }
    expect(proc.child.exitCode).toBe(0);
    expect(proc.output.join('')).toMatch(/SIGTERM: finishing running jobs[\s\S]*stopped/);
  }, 120_000);
});
