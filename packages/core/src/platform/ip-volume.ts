// Volume per recipient domain per sending IP (/admin/ips): what each source address
// delivered in the last 24 hours and 7 days, by recipient domain (the ten largest, the rest
// as "others"). Operators read it next to the blocklist status: a provider that blocks an
// IP usually got much of its volume from it.
//
// No index of its own: every Message index costs each row of a snapshot an insert (see the
// schema), so the query reaches the window's messages through the campaigns that can have
// sent in it (started, not finished before the window) and their (campaignId, status) index.
import { getDb } from '@rundbrief/db';
import { assertPlatformOperator, type OperatorActor } from './operator.ts';

export type DomainVolume = { domain: string | null; last24h: number; last7d: number };
export type IpVolume = { ip: string; last24h: number; last7d: number; domains: DomainVolume[] };

export const TOP_DOMAINS = 10;

/** Delivered (SENT, or SENT and bounced later by DSN) per source IP and recipient domain. */
export async function volumeByIpAndDomain(actor: OperatorActor, now = new Date(), top = TOP_DOMAINS): Promise<IpVolume[]> {
  await assertPlatformOperator(actor);
  const since7d = new Date(now.getTime() - 7 * 86_400_000);
  const since24h = new Date(now.getTime() - 86_400_000);
  // Platform-wide by design (operators only): across tenants, grouped by IP. Measured on 3M
  // messages (700k in the window, load 14 on 2 cores): a parallel scan, 3.6 s with the
  // groups hashed in memory and no JIT, 5.1 s with the defaults (sorts spilled to disk).
  // Reading the window's rows is the cost at any volume; beyond this an hourly rollup
  // written with the outcomes is the next step.
  const rows = await getDb().$transaction(async (tx) => {
    await tx.$executeRaw`SET LOCAL work_mem = '64MB'`;
    await tx.$executeRaw`SET LOCAL jit = off`;
    return tx.$queryRaw<{ ip: string; domain: string | null; d1: number; d7: number }[]>`
    WITH c AS (
      SELECT id FROM "Campaign" WHERE "startedAt" IS NOT NULL AND "startedAt" <= ${now} AND ("finishedAt" IS NULL OR "finishedAt" >= ${since7d})
    ), per AS (
      SELECT m."sourceIp" AS ip, lower(split_part(m.email, '@', 2)) AS domain,
        count(*) FILTER (WHERE m."sentAt" >= ${since24h}) AS d1, count(*) AS d7
      FROM "Message" m JOIN c ON c.id = m."campaignId"
      WHERE m.status IN ('SENT', 'BOUNCED') AND m."sentAt" >= ${since7d} AND m."sentAt" <= ${now} AND m."sourceIp" IS NOT NULL
      GROUP BY 1, 2
    ), ranked AS (
      SELECT *, row_number() OVER (PARTITION BY ip ORDER BY d7 DESC, d1 DESC, domain) AS rn FROM per
    )
    SELECT ip, CASE WHEN rn <= ${top} THEN domain END AS domain, sum(d1)::int AS d1, sum(d7)::int AS d7
    FROM ranked GROUP BY ip, 2`;
  }, { timeout: 60_000 });
  const out = new Map<string, IpVolume>();
  for (const r of rows) {
    const v = out.get(r.ip) ?? { ip: r.ip, last24h: 0, last7d: 0, domains: [] };
    v.domains.push({ domain: r.domain, last24h: Number(r.d1), last7d: Number(r.d7) });
    v.last24h += Number(r.d1);
    v.last7d += Number(r.d7);
    out.set(r.ip, v);
  }
  // largest first, "others" last
  const order = (a: DomainVolume, b: DomainVolume) => Number(a.domain === null) - Number(b.domain === null) || b.last7d - a.last7d || b.last24h - a.last24h || String(a.domain).localeCompare(String(b.domain));
  return [...out.values()].sort((a, b) => a.ip.localeCompare(b.ip)).map((v) => ({ ...v, domains: v.domains.sort(order) }));
}
