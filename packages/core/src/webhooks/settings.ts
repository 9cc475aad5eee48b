// Webhook delivery settings, from the environment (zod, STYLE 6). Read on each use: cheap,
// and tests can shorten the backoff and the failure window per run.
import { z } from 'zod';

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const webhookEnvSchema = z.object({
  /** One attempt's budget: connect, send, answer (the endpoint should answer 2xx at once and work later). */
  WEBHOOK_TIMEOUT_MS: ms(10_000),
  /** First retry after this; each next one doubles, up to WEBHOOK_RETRY_MAX_MS. */
  WEBHOOK_RETRY_BASE_MS: ms(30_000),
  WEBHOOK_RETRY_MAX_MS: ms(4 * 3_600_000),
  /** A delivery is retried this long; an endpoint failing this long is disabled. */
  WEBHOOK_FAILURE_WINDOW_MS: ms(24 * 3_600_000),
  /** After a rotation the previous secret signs beside the new one this long. */
  WEBHOOK_ROTATION_OVERLAP_MS: ms(24 * 3_600_000),
  /** Events and their delivery log are kept this long (waiting deliveries are never pruned). */
  WEBHOOK_LOG_RETENTION_DAYS: z.coerce.number().int().positive().default(30),
  /** How often the worker sweeps for due deliveries a lost job left behind. */
  WEBHOOK_SWEEP_MS: ms(5_000),
  /**
   * Test allowance only: comma-separated IP addresses (or host names) the address guard lets
   * through although they are loopback/private, e.g. "127.0.0.1" for a receiver in a test.
   * Empty (the default): no exception.
   */
  WEBHOOK_ALLOW_HOSTS: z.string().default(''),
});

export type WebhookSettings = {
  timeoutMs: number; retryBaseMs: number; retryMaxMs: number; failureWindowMs: number;
  rotationOverlapMs: number; sweepMs: number; logRetentionDays: number; allowHosts: string[];
};

export function webhookSettings(env: Record<string, string | undefined> = process.env): WebhookSettings {
  const e = webhookEnvSchema.parse(env);
  return {
    timeoutMs: e.WEBHOOK_TIMEOUT_MS, retryBaseMs: e.WEBHOOK_RETRY_BASE_MS, retryMaxMs: e.WEBHOOK_RETRY_MAX_MS,
    failureWindowMs: e.WEBHOOK_FAILURE_WINDOW_MS, rotationOverlapMs: e.WEBHOOK_ROTATION_OVERLAP_MS, sweepMs: e.WEBHOOK_SWEEP_MS, logRetentionDays: e.WEBHOOK_LOG_RETENTION_DAYS,
    allowHosts: e.WEBHOOK_ALLOW_HOSTS.split(',').map((h) => h.trim().toLowerCase().replace(/^\[|\]$/g, '')).filter(Boolean),
  };
}

/** Delay before the retry after attempt `attempt` (1-based): base, 2 base, 4 base, ... capped. */
export function retryDelayMs(attempt: number, s: Pick<WebhookSettings, 'retryBaseMs' | 'retryMaxMs'>): number {
  return Math.min(s.retryBaseMs * 2 ** Math.max(0, attempt - 1), s.retryMaxMs);
}
