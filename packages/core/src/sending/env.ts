// Sending settings, parsed once with zod. Production defaults; tests shorten the clocks.
import { z } from 'zod';
import { parseEnv } from '@rundbrief/db';

const int = (def: number) => z.coerce.number().int().nonnegative().default(def);

export const sendingEnvSchema = z.object({
  DELIVERY_MODE: z.enum(['relay', 'mx']).default('relay'),
  SMTP_RELAY_URL: z.string().regex(/^smtps?:\/\//, 'SMTP_RELAY_URL must be smtp://[user:pass@]host:port').default('smtp://127.0.0.1:2525'),
  /** Static routes "domain=host:port,..." ("*" = every domain); override relay and MX. */
  DELIVERY_ROUTES: z.string().default(''),
  /** host:port of the DNS server used for MX lookups (empty: system resolver). */
  DNS_RESOLVER: z.string().default(''),
  /** Comma-separated domains that must be delivered over verified TLS. */
  SMTP_REQUIRE_TLS_DOMAINS: z.string().default(''),
  /** Port of recipient MX hosts in MX mode (25; tests and special set-ups use another). */
  SMTP_MX_PORT: int(25),
  /** MX mode: allow MX hosts on loopback/private/link-local addresses (development only; refused otherwise). */
  MX_ALLOW_PRIVATE: z.stringbool().default(false),
  SMTP_MAX_CONNECTIONS_PER_IP: int(5),
  /** SMTP client: 'lean' (built for prebuilt single-recipient mail, 3x less CPU) or 'nodemailer' (SMTPConnection). */
  SMTP_CLIENT: z.enum(['lean', 'nodemailer']).default('lean'),
  SMTP_TIMEOUT_MS: int(30_000),
  /** Messages per send job (dispatch granularity). */
  SEND_BATCH_SIZE: int(200),
  /** Parallel SMTP transactions per send job. */
  SEND_CONCURRENCY: int(16),
  /** First retry delay after a 4xx; doubles per attempt. */
  SEND_RETRY_BASE_SECONDS: int(300),
  /** After this long since the snapshot a still-deferred message fails (soft). */
  SEND_RETRY_DEADLINE_SECONDS: int(72 * 3600),
  /** A message claimed (SENDING) longer than this by a vanished worker becomes AMBIGUOUS. */
  SEND_LEASE_SECONDS: int(600),
  /** A failed outcome write (Postgres restarting) is retried this long (at most the lease), then left to the lease sweep. */
  SEND_RECORD_RETRY_SECONDS: int(90),
  /** A SENDING campaign with pending messages and no outcome for this long is re-dispatched. */
  SEND_STALL_SECONDS: int(300),
  /** How long an IP stays out of rotation for a domain after a block reply. */
  IP_BLOCK_SECONDS: int(3600),
  /** JSON {"gmail.com": {"perMinute": 3000, "connections": 10}, ...}: overrides/extends defaults. */
  DOMAIN_LIMITS: z.string().default('{}'),
  SYSTEM_FROM: z.string().default('Rundbrief <system@rundbrief.localhost>'),
});

export type SendingEnv = z.infer<typeof sendingEnvSchema>;

let cached: SendingEnv | undefined;
export function sendingEnv(): SendingEnv {
  cached ??= parseEnv(sendingEnvSchema);
  return cached;
}
