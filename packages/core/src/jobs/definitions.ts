// Job names, payload schemas and default options: one place, imported by producers
// (web, core use cases) and consumers (apps/worker). Payloads are parsed on enqueue and
// again on consume.
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

export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential' as const, delay: 2_000 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
