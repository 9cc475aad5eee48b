// Job names, payload schemas and default options: one place, imported by producers
// (web, core use cases) and consumers (apps/worker). Payloads are parsed on enqueue
// (`enqueue` in queue.ts, the only way a producer adds a job) and again on consume.
// Repeating jobs (schedules) are registered by the worker (apps/worker/src/registry.ts).
import { z } from 'zod';

export const QUEUES = {
  /** System mail: opt-in confirmations, invitations, password resets, test sends. */
  systemMail: 'system-mail',
  /** Campaign lifecycle: start (snapshot), dispatch batches. */
  campaign: 'campaign',
  /** Batches of message ids to send. */
  send: 'send',
  /** Inbound mail (DSN, ARF, mailto unsubscribe) accepted by the inbound SMTP server. */
  inbound: 'inbound',
  /** Tracking events, written in batches. */
  events: 'events',
  /** Schedulers: DNS re-checks, blocklist watch, opt-in pruning, scheduled campaigns. */
  maintenance: 'maintenance',
  /** CSV imports. */
  imports: 'imports',
  /** Outgoing webhooks: sweep for due deliveries, one attempt per job. */
  webhooks: 'webhooks',
} as const;

export const systemMailPayload = z.object({
  kind: z.enum(['OPT_IN_CONFIRMATION', 'OPT_IN_NOTICE', 'WELCOME', 'INVITATION', 'PASSWORD_RESET', 'TEST_SEND', 'SEED_WELCOME', 'PREFERENCES_LINK', 'ERASURE_CONFIRMATION', 'WEBHOOK_DISABLED']),
  tenantId: z.uuid().optional(),
  to: z.email(),
  subject: z.string().min(1).max(998),
  html: z.string(),
  text: z.string(),
  /** Sender: an identity of the tenant, else the platform's system sender. */
  identityId: z.uuid().optional(),
  /** Extra headers, e.g. X-Rundbrief-Test for test sends. */
  headers: z.record(z.string(), z.string()).default({}),
});
export type SystemMailPayload = z.infer<typeof systemMailPayload>;

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
export const importJobPayload = z.object({ tenantId: z.uuid(), importId: z.uuid() });
export const importOptInPayload = z.object({ tenantId: z.uuid(), importId: z.uuid(), after: z.uuid().optional() });
export type ImportOptInPayload = z.infer<typeof importOptInPayload>;
export const deliverWebhookPayload = z.object({ deliveryId: z.uuid() });
/** A wake-up: the job carries no data, the handler looks for work. */
export const wakeUpPayload = z.object({}).passthrough();

/**
 * Every job a producer enqueues: its queue, its name and its payload. System mail is named
 * after the mail kind (the worker routes the whole queue to one processor).
 */
export const JOBS = {
  systemMail: { queue: QUEUES.systemMail, name: 'system-mail', schema: systemMailPayload },
  startCampaign: { queue: QUEUES.campaign, name: 'start', schema: campaignJobPayload },
  dispatchCampaign: { queue: QUEUES.campaign, name: 'dispatch', schema: dispatchPayload },
  abWinner: { queue: QUEUES.campaign, name: 'ab-winner', schema: campaignJobPayload },
  sendBatch: { queue: QUEUES.send, name: 'send-batch', schema: sendBatchPayload },
  applyInbound: { queue: QUEUES.inbound, name: 'apply-inbound', schema: wakeUpPayload },
  importCsv: { queue: QUEUES.imports, name: 'import-csv', schema: importJobPayload },
  importOptInMails: { queue: QUEUES.imports, name: 'import-opt-in-mails', schema: importOptInPayload },
  dispatchWebhooks: { queue: QUEUES.webhooks, name: 'dispatch-webhooks', schema: wakeUpPayload },
  deliverWebhook: { queue: QUEUES.webhooks, name: 'deliver-webhook', schema: deliverWebhookPayload },
} as const satisfies Record<string, { queue: (typeof QUEUES)[keyof typeof QUEUES]; name: string; schema: z.ZodType }>;
export type JobKey = keyof typeof JOBS;

export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential' as const, delay: 2_000 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
