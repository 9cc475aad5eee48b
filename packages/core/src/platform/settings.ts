// Platform-wide settings (one row, edited by operators in /admin): feedback-loop reporters
// and trusted reverse proxies. Read on hot paths (every inbound session, every request that
// needs the client IP), so cached for a few seconds per process.
import { z } from 'zod';
import { getDb, type Prisma } from '@rundbrief/db';
import { trustedProxiesSchema } from '../accounts/ip-allowlist.ts';
import { zodText } from '../texts.ts';

export const fblReporterSchema = z.object({
  name: z.string().trim().min(1, zodText('operator.reporterName', 'Name the reporter (for example "Microsoft JMRP").')).max(100),
  /** Source addresses or CIDRs the reporter's mail comes from. */
  ips: z.array(z.string().trim().min(1)).max(200).default([]),
  /** DKIM d= domains that sign the reporter's reports. */
  dkimDomains: z.array(z.string().trim().toLowerCase().min(1)).max(50).default([]),
});
export type FblReporter = z.infer<typeof fblReporterSchema>;

export type PlatformSettings = { fblReporters: FblReporter[]; trustedProxies: string[] };

const TTL_MS = 5_000;
let cached: { at: number; value: PlatformSettings } | null = null;

export async function platformSettings(): Promise<PlatformSettings> {
  if (cached && Date.now() - cached.at < TTL_MS) return cached.value;
  const row = await getDb().platformSetting.findUnique({ where: { id: 1 } });
  const reporters = z.array(fblReporterSchema).safeParse(row?.fblReporters ?? []);
  const value = { fblReporters: reporters.success ? reporters.data : [], trustedProxies: row?.trustedProxies ?? [] };
  cached = { at: Date.now(), value };
  return value;
}

/** Tests and the admin page: the next read goes to the database. */
export function forgetPlatformSettings(): void {
  cached = null;
}

export async function updatePlatformSettings(patch: Partial<PlatformSettings>): Promise<PlatformSettings> {
  const data: Prisma.PlatformSettingUpdateInput = {};
  if (patch.fblReporters) data.fblReporters = patch.fblReporters as unknown as Prisma.InputJsonValue;
  const trustedProxies = patch.trustedProxies && trustedProxiesSchema.parse(patch.trustedProxies);
  if (trustedProxies) data.trustedProxies = trustedProxies;
  await getDb().platformSetting.upsert({
    where: { id: 1 },
    create: { id: 1, fblReporters: (patch.fblReporters ?? []) as unknown as Prisma.InputJsonValue, trustedProxies: trustedProxies ?? [] },
    update: data,
  });
  forgetPlatformSettings();
  return platformSettings();
}
