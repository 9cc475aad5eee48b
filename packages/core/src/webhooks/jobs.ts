// Worker jobs of outgoing webhooks (registered in apps/worker/src/registry.ts): the
// dispatcher enqueues one job per due delivery (woken after a commit and swept on a
// schedule), a delivery job makes one attempt and enqueues the next one delayed.
import { z } from 'zod';
import { deliverWebhookPayload, JOBS, QUEUES, wakeUpPayload } from '../jobs/definitions.ts';
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
  name: JOBS.dispatchWebhooks.name,
  queue: QUEUES.webhooks,
  schema: wakeUpPayload,
  handle: async () => ({ enqueued: await enqueueDueWebhooks() }),
};

export const deliverWebhookJob = {
  name: JOBS.deliverWebhook.name,
  queue: QUEUES.webhooks,
  schema: deliverWebhookPayload,
  handle: async (data: z.infer<typeof deliverWebhookPayload>) => {
    const outcome = await deliverWebhook(data.deliveryId);
    if (outcome.kind === 'retry') {
      // The backoff is ours (the delivery row says when), the waiting is BullMQ's delayed job.
      await enqueue('deliverWebhook', data, { jobId: deliveryJobId(data.deliveryId, outcome.attempt, outcome.nextAttemptAt), delay: outcome.delayMs });
    }
    return outcome;
  },
};

export const webhookSweepSchedule = { id: 'webhook-sweep', queue: QUEUES.webhooks, name: dispatchWebhooksJob.name, every: webhookSettings().sweepMs };
