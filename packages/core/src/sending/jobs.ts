// Job names and payloads of the sending pipeline (queues in ../jobs/definitions.ts).
import { z } from 'zod';

export const START_JOB = 'start';
export const DISPATCH_JOB = 'dispatch';
export const SEND_JOB = 'send-batch';

export const campaignJobPayload = z.object({ tenantId: z.uuid(), campaignId: z.uuid() });
export const dispatchPayload = campaignJobPayload.extend({ round: z.string().min(1).max(40) });

export const sendBatchPayload = z.object({
  tenantId: z.uuid(),
  campaignId: z.uuid(),
  messageIds: z.array(z.uuid()).min(1).max(5000),
  /** How many follow-up jobs (retries of deferred messages) preceded this one. */
  followUp: z.number().int().nonnegative().default(0),
});
export type SendBatchPayload = z.infer<typeof sendBatchPayload>;
