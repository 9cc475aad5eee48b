// Tenant dashboard: 30-day daily trends and the sunset report per list.
import { getDb, tenantDb } from '@rundbrief/db';
import { sunsetCutoff } from '../campaigns/audience.ts';
import type { TenantCtx } from '../context.ts';

export type DayPoint = { day: string; delivered: number; opens: number; clicks: number; bounces: number; complaints: number; unsubscribes: number };

/** Last `days` days (UTC), zero-filled, oldest first. Opens and clicks are human only. */
export async function getTenantTrends({ tenantId }: TenantCtx, { days = 30, now = new Date() }: { days?: number; now?: Date } = {}) {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const start = new Date(end.getTime() - (days - 1) * 24 * 3600_000);
  const db = getDb();
  const [delivered, events] = await Promise.all([
    db.$queryRaw<{ day: Date; n: bigint }[]>`
      SELECT date_trunc('day', "sentAt") AS day, count(*) AS n FROM "Message"
      WHERE "tenantId" = ${tenantId}::uuid AND "sentAt" >= ${start} GROUP BY 1`,
    db.$queryRaw<{ day: Date; type: string; n: bigint }[]>`
      SELECT date_trunc('day', "createdAt") AS day, type::text AS type, count(*) AS n FROM "Event"
      WHERE "tenantId" = ${tenantId}::uuid AND "createdAt" >= ${start} AND NOT machine AND type <> 'DELIVERED' GROUP BY 1, 2`,
  ]);
  const points: DayPoint[] = [];
  for (let i = 0; i < days; i++) {
    const day = new Date(start.getTime() + i * 24 * 3600_000).toISOString().slice(0, 10);
    points.push({ day, delivered: 0, opens: 0, clicks: 0, bounces: 0, complaints: 0, unsubscribes: 0 });
  }
  const byDay = new Map(points.map((p) => [p.day, p]));
  for (const r of delivered) { const p = byDay.get(r.day.toISOString().slice(0, 10)); if (p) p.delivered += Number(r.n); }
  const key: Record<string, keyof Omit<DayPoint, 'day'>> = { OPEN: 'opens', CLICK: 'clicks', BOUNCE: 'bounces', COMPLAINT: 'complaints', UNSUBSCRIBE: 'unsubscribes' };
  for (const r of events) {
    const p = byDay.get(r.day.toISOString().slice(0, 10));
    const k = key[r.type];
    if (p && k) p[k] += Number(r.n);
  }
  const total = points.reduce((t, p) => ({
    delivered: t.delivered + p.delivered, opens: t.opens + p.opens, clicks: t.clicks + p.clicks,
    bounces: t.bounces + p.bounces, complaints: t.complaints + p.complaints, unsubscribes: t.unsubscribes + p.unsubscribes,
  }), { delivered: 0, opens: 0, clicks: 0, bounces: 0, complaints: 0, unsubscribes: 0 });
  return { points, total };
}

/**
 * Sunset report per list: confirmed, active subscribers, and how many of them the sunset
 * rule leaves out of normal campaigns (no human open or click for 6 months and confirmed
 * longer ago than that; the same rule the audience snapshot applies).
 */
export async function getSunsetReport({ tenantId }: TenantCtx, { now = new Date() }: { now?: Date } = {}) {
  const cutoff = sunsetCutoff(now);
  const [lists, rows] = await Promise.all([
    tenantDb(tenantId).list.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } }),
    getDb().$queryRaw<{ listId: string; confirmed: bigint; inactive: bigint }[]>`
      SELECT sub."listId"::text AS "listId", count(*) AS confirmed,
        count(*) FILTER (WHERE NOT (COALESCE(s."lastActivityAt" >= ${cutoff}, false)
                                    OR COALESCE(sub."confirmedAt", sub."requestedAt") >= ${cutoff})) AS inactive
      FROM "Subscription" sub JOIN "Subscriber" s ON s.id = sub."subscriberId" AND s."tenantId" = sub."tenantId"
      WHERE sub."tenantId" = ${tenantId}::uuid AND sub.status = 'CONFIRMED' AND s.status = 'ACTIVE'
      GROUP BY 1`,
  ]);
  const by = new Map(rows.map((r) => [r.listId, r]));
  return lists.map((l) => {
    const r = by.get(l.id);
    const confirmed = Number(r?.confirmed ?? 0);
    const inactive = Number(r?.inactive ?? 0);
    return { listId: l.id, name: l.name, confirmed, inactive, share: confirmed ? inactive / confirmed : 0 };
  });
}
