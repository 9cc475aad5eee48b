import { afterAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { closeQueues, enqueue, enqueueBulk, getQueue } from '../../src/jobs/queue.ts';
import { JOBS } from '../../src/jobs/definitions.ts';

const prefix = `rbjobs${process.pid}${Date.now().toString(36)}`;

describe('enqueue (the job catalogue)', () => {
  afterAll(async () => {
    for (const q of new Set(Object.values(JOBS).map((j) => j.queue))) await getQueue(q, prefix).obliterate({ force: true });
    await closeQueues();
  });

  it('adds a valid payload under the catalogue name and queue, parsed (defaults filled in)', async () => {
    const data = { tenantId: randomUUID(), campaignId: randomUUID(), messageIds: [randomUUID()] };
    const job = await enqueue('sendBatch', data, { prefix, jobId: 'send-1' });
    expect(job.name).toBe('send-batch');
    expect(job.queueName).toBe('send');
    expect(job.data).toEqual({ ...data, followUp: 0 });
  });

  it('refuses a bad payload before anything reaches Redis', async () => {
    const bad = { tenantId: 'not-a-uuid', campaignId: randomUUID(), messageIds: [] };
    await expect(enqueue('sendBatch', bad, { prefix, jobId: 'send-bad' })).rejects.toThrow();
    await expect(enqueueBulk('deliverWebhook', [{ payload: { deliveryId: randomUUID() } }, { payload: { deliveryId: 'x' } }], prefix)).rejects.toThrow();
    expect(await getQueue('send', prefix).getJob('send-bad')).toBeUndefined();
    expect(await getQueue('webhooks', prefix).getJobCounts('waiting', 'delayed')).toEqual({ waiting: 0, delayed: 0 });
  });
});
