// Settings of the blocklist watch (platform/blocklist.ts), apart so that the job catalogue
// (jobs/definitions.ts) can read the watch's period without loading the database.
import { z } from 'zod';

export const blocklistEnv = z.object({
  DNSBL_ZONES: z.string().default('zen.spamhaus.org,bl.spamcop.net,b.barracudacentral.org'),
  DNSBL_CHECK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
});

/** The schedule of the check-sending-ips job. */
export function blocklistCheckEveryMs(env: Record<string, string | undefined> = process.env): number {
  return blocklistEnv.parse(env).DNSBL_CHECK_MINUTES * 60_000;
}
