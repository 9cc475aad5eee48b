// Job names, payload schemas, schedules and default options: one place, imported by
// producers (web, core use cases) and consumers (apps/worker). Payloads are parsed on
// enqueue (`enqueue` in queue.ts, the only way a producer adds a job) and again on consume.
// Repeating jobs are entries with a `schedule`: `ensureJobSchedules` (queue.ts) upserts
// their BullMQ job schedulers from here, the only place a schedule is defined.
import { z } from 'zod';
import { blocklistCheckEveryMs } from '../platform/blocklist-settings.ts';
import { webhookSettings } from '../webhooks/settings.ts';

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
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

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
 * A repeating job: a BullMQ job scheduler of this id (default: the job's name) makes one job
 * every `every` ms (a function when a setting decides). A new scheduler runs at once.
 */
export type JobSchedule = { id?: string; every: number | (() => number) };
type JobSpec = {
  queue: QueueName;
  name: string;
  schema: z.ZodType;
  schedule?: JobSchedule;
  /** The worker routes every job name of the queue here (system mail: named after the mail kind). */
  anyName?: true;
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Every job of the platform: its queue, its name, its payload and, for repeating jobs, its
 * schedule. The worker has a processor for each (apps/worker/src/registry.ts) and none else
 * (apps/worker/test/job-catalogue.test.ts).
 */
export const JOBS = {
  systemMail: { queue: QUEUES.systemMail, name: 'system-mail', schema: systemMailPayload, anyName: true },
  startCampaign: { queue: QUEUES.campaign, name: 'start', schema: campaignJobPayload },
  dispatchCampaign: { queue: QUEUES.campaign, name: 'dispatch', schema: dispatchPayload },
  abWinner: { queue: QUEUES.campaign, name: 'ab-winner', schema: campaignJobPayload },
  sendBatch: { queue: QUEUES.send, name: 'send-batch', schema: sendBatchPayload },
  applyInbound: { queue: QUEUES.inbound, name: 'apply-inbound', schema: wakeUpPayload },
  importCsv: { queue: QUEUES.imports, name: 'import-csv', schema: importJobPayload },
  importOptInMails: { queue: QUEUES.imports, name: 'import-opt-in-mails', schema: importOptInPayload },
  /** Woken after a commit that made deliveries due; also swept on a schedule for those a lost job left behind (WEBHOOK_SWEEP_MS). */
  dispatchWebhooks: { queue: QUEUES.webhooks, name: 'dispatch-webhooks', schema: wakeUpPayload, schedule: { id: 'webhook-sweep', every: () => webhookSettings().sweepMs } },
  deliverWebhook: { queue: QUEUES.webhooks, name: 'deliver-webhook', schema: deliverWebhookPayload },
  /** Servers of an older release enqueued one job per inbound message: each wakes a drain too. */
  processInbound: { queue: QUEUES.inbound, name: 'process-inbound', schema: wakeUpPayload },
  /** Redis came back empty (apps/worker/src/redis-watch.ts): SENDING campaigns get their send jobs again. */
  redisRecovery: { queue: QUEUES.maintenance, name: 'redis-recovery', schema: wakeUpPayload },

  // Repeating jobs (sweeps and housekeeping). Most sweeps back up a wake-up or delayed job
  // that a Redis without its data has lost.
  /** Scheduled campaigns whose time has come get their start job. */
  campaignsDue: { queue: QUEUES.maintenance, name: 'campaigns-due', schema: wakeUpPayload, schedule: { every: 10_000 } },
  /** Claims of a lost worker: never handed over → sent again, handed over → AMBIGUOUS. */
  sendLeaseSweep: { queue: QUEUES.maintenance, name: 'send-lease-sweep', schema: wakeUpPayload, schedule: { every: 30_000 } },
  /** SENDING campaigns that recorded nothing for SEND_STALL_SECONDS get their jobs again. */
  sendStallWatch: { queue: QUEUES.maintenance, name: 'send-stall-watch', schema: wakeUpPayload, schedule: { every: MINUTE } },
  /** Overdue A/B winners (their delayed job was lost). */
  abWinnersDue: { queue: QUEUES.maintenance, name: 'ab-winners-due', schema: wakeUpPayload, schedule: { every: MINUTE } },
  /** Inbound mail stored but not applied (its wake-up was lost). */
  sweepInbound: { queue: QUEUES.maintenance, name: 'sweep-inbound', schema: wakeUpPayload, schedule: { every: 15_000 } },
  pruneInbound: { queue: QUEUES.maintenance, name: 'prune-inbound', schema: wakeUpPayload, schedule: { every: HOUR } },
  /** Blocklist watch of the sending IPs (DNSBL_CHECK_MINUTES). */
  checkSendingIps: { queue: QUEUES.maintenance, name: 'check-sending-ips', schema: wakeUpPayload, schedule: { every: blocklistCheckEveryMs } },
  /** DNS re-check of every sender domain (DNS TTLs are typically 1-24 h). */
  recheckSenderDomains: { queue: QUEUES.maintenance, name: 'recheck-sender-domains', schema: wakeUpPayload, schedule: { every: 6 * HOUR } },
  pruneOptIns: { queue: QUEUES.maintenance, name: 'prune-optins', schema: wakeUpPayload, schedule: { every: HOUR } },
  pruneImportFiles: { queue: QUEUES.maintenance, name: 'prune-import-files', schema: wakeUpPayload, schedule: { every: HOUR } },
  prunePlatformMail: { queue: QUEUES.maintenance, name: 'prune-platform-mail', schema: wakeUpPayload, schedule: { every: 24 * HOUR } },
  /** Tracking events from the Redis buffer into Postgres. */
  flushTracking: { queue: QUEUES.events, name: 'flush-tracking', schema: wakeUpPayload, schedule: { every: 2_000 } },
  pruneWebhookLog: { queue: QUEUES.webhooks, name: 'prune-webhook-log', schema: wakeUpPayload, schedule: { every: HOUR } },
} as const satisfies Record<string, JobSpec>;
export type JobKey = keyof typeof JOBS;

export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential' as const, delay: 2_000 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
