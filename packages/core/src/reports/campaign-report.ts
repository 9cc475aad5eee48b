// Campaign report: totals and human rates, a time series in hourly buckets, the
// per-recipient-domain table and top links. Read-only; every query is tenant-filtered
// (tenantDb, or "tenantId" in the raw SQL) and a foreign campaign id is a plain 404.
import { z } from 'zod';
import { Prisma, tenantDb, getDb } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';

export async function loadReportCampaign(ctx: TenantCtx, campaignId: string) {
  // A malformed id is the same 404 as another tenant's id.
  if (!z.uuid().safeParse(campaignId).success) throw new DomainError('NOT_FOUND', 'Campaign not found').withText('common.notFound', { what: 'Campaign' });
  const c = await tenantDb(ctx.tenantId).campaign.findFirst({
    where: { id: campaignId },
    select: {
      id: true, name: true, subject: true, status: true, pauseReason: true, dailyLimitUntil: true, startedAt: true, finishedAt: true,
      trackOpens: true, trackClicks: true, recipientCount: true, sunsetExcluded: true, reengagement: true,
      complaintCount: true, unsubscribeCount: true, openCount: true, clickCount: true,
    },
  });
  if (!c) throw new DomainError('NOT_FOUND', 'Campaign not found').withText('common.notFound', { what: 'Campaign' });
  return c;
}

const rate = (n: number, d: number) => (d > 0 ? n / d : 0);

export async function getCampaignSummary(ctx: TenantCtx, campaignId: string) {
  const campaign = await loadReportCampaign(ctx, campaignId);
  const db = tenantDb(ctx.tenantId);
  const [byStatus, bounceCats, machine] = await Promise.all([
    db.message.groupBy({ by: ['status'], where: { campaignId }, _count: { _all: true } }),
    db.message.groupBy({ by: ['bounceCategory'], where: { campaignId, status: 'BOUNCED' }, _count: { _all: true } }),
    db.event.groupBy({ by: ['type'], where: { campaignId, machine: true }, _count: { _all: true } }),
  ]);
  const status = Object.fromEntries(byStatus.map((s) => [s.status, s._count._all])) as Partial<Record<string, number>>;
  const sent = status.SENT ?? 0;
  const bounced = status.BOUNCED ?? 0;
  const machineOf = (t: string) => machine.find((m) => m.type === t)?._count._all ?? 0;
  return {
    campaign,
    counts: {
      recipients: campaign.recipientCount,
      sunsetExcluded: campaign.sunsetExcluded,
      queued: (status.QUEUED ?? 0) + (status.SENDING ?? 0),
      delivered: sent,
      deferred: status.DEFERRED ?? 0,
      bounced,
      failed: status.FAILED ?? 0,
      skipped: status.SKIPPED ?? 0,
      ambiguous: status.AMBIGUOUS ?? 0,
      uniqueOpens: campaign.openCount,
      uniqueClicks: campaign.clickCount,
      machineOpens: machineOf('OPEN'),
      machineClicks: machineOf('CLICK'),
      complaints: campaign.complaintCount,
      unsubscribes: campaign.unsubscribeCount,
    },
    bouncesByCategory: bounceCats.map((b) => ({ category: b.bounceCategory ?? 'unclassified', count: b._count._all })),
    // Human rates: machine opens/clicks (Apple proxy, scanners) are excluded by construction
    // (the unique counters only move on human events).
    rates: {
      open: rate(campaign.openCount, sent),
      click: rate(campaign.clickCount, sent),
      clickToOpen: rate(campaign.clickCount, campaign.openCount),
      bounce: rate(bounced, sent + bounced),
      complaint: rate(campaign.complaintCount, sent),
      unsubscribe: rate(campaign.unsubscribeCount, sent),
    },
  };
}

export const SERIES = ['delivered', 'opens', 'clicks', 'bounces', 'complaints', 'unsubscribes'] as const;
export type SeriesName = (typeof SERIES)[number];
export type TimeBucket = { at: Date } & Record<SeriesName, number> & { bouncesByCategory: Record<string, number> };

/**
 * Hourly buckets from the first delivery (or event) to the last, zero-filled; campaigns
 * whose activity spans more than 14 days fall back to daily buckets so a chart stays
 * readable. Delivered comes from Message.sentAt (the MTA's 2xx), everything else from
 * Event; opens and clicks count human events only.
 */
export async function getCampaignTimeline(ctx: TenantCtx, campaignId: string): Promise<{ unit: 'hour' | 'day'; buckets: TimeBucket[] }> {
  await loadReportCampaign(ctx, campaignId);
  const { tenantId } = ctx;
  const db = getDb();
  const span = await db.$queryRaw<{ first: Date | null; last: Date | null }[]>`
    SELECT min(t) AS first, max(t) AS last FROM (
      SELECT "sentAt" AS t FROM "Message" WHERE "tenantId" = ${tenantId}::uuid AND "campaignId" = ${campaignId}::uuid AND "sentAt" IS NOT NULL
      UNION ALL
      SELECT "createdAt" FROM "Event" WHERE "tenantId" = ${tenantId}::uuid AND "campaignId" = ${campaignId}::uuid
    ) x`;
  const first = span[0]?.first;
  const last = span[0]?.last;
  if (!first || !last) return { unit: 'hour', buckets: [] };
  const unit = last.getTime() - first.getTime() > 14 * 24 * 3600_000 ? 'day' : 'hour';
  const trunc = Prisma.raw(`'${unit}'`);
  const [delivered, events] = await Promise.all([
    db.$queryRaw<{ at: Date; n: bigint }[]>`
      SELECT date_trunc(${trunc}, "sentAt") AS at, count(*) AS n FROM "Message"
      WHERE "tenantId" = ${tenantId}::uuid AND "campaignId" = ${campaignId}::uuid AND "sentAt" IS NOT NULL GROUP BY 1`,
    db.$queryRaw<{ at: Date; type: string; category: string; n: bigint }[]>`
      SELECT date_trunc(${trunc}, "createdAt") AS at, type::text AS type,
             COALESCE(metadata->>'category', 'unclassified') AS category, count(*) AS n
      FROM "Event"
      WHERE "tenantId" = ${tenantId}::uuid AND "campaignId" = ${campaignId}::uuid AND type <> 'DELIVERED' AND NOT machine
      GROUP BY 1, 2, 3`,
  ]);
  const step = unit === 'hour' ? 3600_000 : 24 * 3600_000;
  const start = truncate(first, unit);
  const buckets: TimeBucket[] = [];
  for (let t = start.getTime(); t <= last.getTime(); t += step) {
    buckets.push({ at: new Date(t), delivered: 0, opens: 0, clicks: 0, bounces: 0, complaints: 0, unsubscribes: 0, bouncesByCategory: {} });
  }
  const at = (d: Date) => buckets[Math.round((d.getTime() - start.getTime()) / step)];
  for (const r of delivered) { const b = at(r.at); if (b) b.delivered += Number(r.n); }
  const key: Record<string, SeriesName> = { OPEN: 'opens', CLICK: 'clicks', BOUNCE: 'bounces', COMPLAINT: 'complaints', UNSUBSCRIBE: 'unsubscribes' };
  for (const r of events) {
    const b = at(r.at);
    const k = key[r.type];
    if (!b || !k) continue;
    b[k] += Number(r.n);
    if (k === 'bounces') b.bouncesByCategory[r.category] = (b.bouncesByCategory[r.category] ?? 0) + Number(r.n);
  }
  return { unit, buckets };
}

// Postgres date_trunc works in the session time zone, which is UTC for Prisma's pg adapter.
function truncate(d: Date, unit: 'hour' | 'day'): Date {
  const x = new Date(d);
  x.setUTCMinutes(0, 0, 0);
  if (unit === 'day') x.setUTCHours(0);
  return x;
}

export async function getDomainTable(ctx: TenantCtx, campaignId: string, limit = 50) {
  await loadReportCampaign(ctx, campaignId);
  const rows = await getDb().$queryRaw<Record<string, bigint | string>[]>`
    SELECT lower(split_part(email, '@', 2)) AS domain, count(*) AS total,
      count(*) FILTER (WHERE status = 'SENT') AS delivered,
      count(*) FILTER (WHERE status = 'BOUNCED') AS bounced,
      count(*) FILTER (WHERE status = 'DEFERRED') AS deferred,
      count(*) FILTER (WHERE status = 'FAILED') AS failed,
      count(*) FILTER (WHERE "firstOpenAt" IS NOT NULL) AS opened,
      count(*) FILTER (WHERE "firstClickAt" IS NOT NULL) AS clicked
    FROM "Message"
    WHERE "tenantId" = ${ctx.tenantId}::uuid AND "campaignId" = ${campaignId}::uuid
    GROUP BY 1 ORDER BY total DESC, domain LIMIT ${limit}`;
  return rows.map((r) => ({
    domain: String(r.domain),
    total: Number(r.total), delivered: Number(r.delivered), bounced: Number(r.bounced), deferred: Number(r.deferred),
    failed: Number(r.failed), opened: Number(r.opened), clicked: Number(r.clicked),
  }));
}

export async function getTopLinks(ctx: TenantCtx, campaignId: string, limit = 20) {
  await loadReportCampaign(ctx, campaignId);
  const rows = await getDb().$queryRaw<{ index: number; url: string; clicks: bigint; clickers: bigint; machine: bigint }[]>`
    SELECT l.index, l.url,
      count(e.id) FILTER (WHERE NOT e.machine) AS clicks,
      count(DISTINCT e."messageId") FILTER (WHERE NOT e.machine) AS clickers,
      count(e.id) FILTER (WHERE e.machine) AS machine
    FROM "TrackedLink" l
    LEFT JOIN "Event" e ON e."tenantId" = l."tenantId" AND e."campaignId" = l."campaignId"
      AND e.type = 'CLICK' AND e.metadata->>'link' = l.index::text
    WHERE l."tenantId" = ${ctx.tenantId}::uuid AND l."campaignId" = ${campaignId}::uuid
    GROUP BY l.index, l.url ORDER BY clicks DESC, l.index LIMIT ${limit}`;
  return rows.map((r) => ({ index: r.index, url: r.url, clicks: Number(r.clicks), uniqueClickers: Number(r.clickers), machineClicks: Number(r.machine) }));
}
