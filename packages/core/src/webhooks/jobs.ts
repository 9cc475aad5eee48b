// Worker jobs of outgoing webhooks (registered in apps/worker/src/registry.ts): the
// dispatcher enqueues one job per due delivery (woken after a commit and swept on the
// catalogue's schedule, jobs/definitions.ts), a delivery job makes one attempt and enqueues
// the next one delayed.
import { z } from 'zod';
import { Prisma, getDb } from '@rundbrief/db';
import { deliverWebhookPayload, JOBS } from '../jobs/definitions.ts';
import { enqueue, enqueueBulk } from '../jobs/queue.ts';
import { deliverWebhook, deliveryJobId, dueDeliveries } from './deliver.ts';
import { webhookSettings } from './settings.ts';

export { deliverWebhookPayload };

export async function enqueueDueWebhooks(): Promise<number> {
  const due = await dueDeliveries();
  if (due.length) {
    await enqueueBulk('deliverWebhook', due.map((d) => ({ payload: { deliveryId: d.id }, opts: { jobId: d.jobId } })));
  }
  return due.length;
}

export const dispatchWebhooksJob = {
  ...JOBS.dispatchWebhooks,
  handle: async () => ({ enqueued: await enqueueDueWebhooks() }),
};

export const deliverWebhookJob = {
  ...JOBS.deliverWebhook,
  handle: async (data: z.infer<typeof deliverWebhookPayload>) => {
    const outcome = await deliverWebhook(data.deliveryId);
    if (outcome.kind === 'retry') {
      // The backoff is ours (the delivery row says when), the waiting is BullMQ's delayed job.
      await enqueue('deliverWebhook', data, { jobId: deliveryJobId(data.deliveryId, outcome.attempt, outcome.nextAttemptAt), delay: outcome.delayMs });
    }
    return outcome;
  },
};

/**
 * Deletes events (with their deliveries and attempts) older than the retention, a chunk at
 * a time; an event with a delivery still waiting stays until it is settled.
 */
export async function pruneWebhookLog(now = new Date(), chunk = 5000): Promise<number> {
  const before = new Date(now.getTime() - webhookSettings().logRetentionDays * 86_400_000);
  let total = 0;
  for (;;) {
    const n = await getDb().$executeRaw(Prisma.sql`
      DELETE FROM "WebhookEvent" WHERE id IN (
        SELECT e.id FROM "WebhookEvent" e WHERE e."createdAt" < ${before}
          AND NOT EXISTS (SELECT 1 FROM "WebhookDelivery" d WHERE d."eventId" = e.id AND d.status = 'PENDING')
        LIMIT ${chunk})`);
    total += n;
    if (n < chunk) return total;
  }
}

export const pruneWebhookLogJob = {
  ...JOBS.pruneWebhookLog,
  handle: async () => ({ deleted: await pruneWebhookLog() }),
};
