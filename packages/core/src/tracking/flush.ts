// Batch writer for tracking hits buffered in Redis (record.ts). One flush takes up to
// `max` hits and, in one transaction: inserts all Events with a single INSERT ... SELECT
// from a JSON recordset, sets Message.firstOpenAt / firstClickAt, Subscriber.lastActivityAt
// and the campaign's unique open / click counters. Only then are the hits trimmed off the
// list, so a crash before commit loses nothing (a crash between commit and trim can repeat
// Events, never counters: those only move on the first open / click of a message).
import { getDb } from '@rundbrief/db';
import { machineReason } from './machine.ts';
import { trackingBufferKey, trackingHitSchema, trackingRedis, type BufferedHit } from './record.ts';

type EventRow = {
  tenantId: string;
  campaignId: string;
  messageId: string;
  subscriberId: string;
  type: 'OPEN' | 'CLICK';
  machine: boolean;
  metadata: Record<string, unknown>;
  createdAt: string;
};

const LOCK_MS = 60_000;

export type FlushResult = { read: number; written: number; human: number; busy?: boolean };

export async function flushTrackingEvents({ max = 5_000 }: { max?: number } = {}): Promise<FlushResult> {
  const redis = trackingRedis();
  const key = trackingBufferKey();
  const lockKey = `${key}:lock`;
  const lockToken = `${process.pid}:${Date.now()}:${Math.random()}`;
  // One flusher at a time: two would read the same head of the list.
  if ((await redis.set(lockKey, lockToken, 'PX', LOCK_MS, 'NX')) !== 'OK') return { read: 0, written: 0, human: 0, busy: true };
  try {
    const raw = await redis.lrange(key, 0, max - 1);
    if (raw.length === 0) return { read: 0, written: 0, human: 0 };
    const rows = await toEventRows(raw);
    if (rows.length > 0) await writeBatch(rows);
    await redis.ltrim(key, raw.length, -1);
    return { read: raw.length, written: rows.length, human: rows.filter((r) => !r.machine).length };
  } finally {
    // Release only our own lock (a flush slower than LOCK_MS must not free another's).
    await redis.eval(
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
      1, lockKey, lockToken,
    );
  }
}

async function toEventRows(raw: string[]): Promise<EventRow[]> {
  const hits: BufferedHit[] = [];
  for (const line of raw) {
    // A malformed entry is dropped rather than blocking every later hit behind it.
    try {
      const parsed = trackingHitSchema.safeParse(JSON.parse(line));
      if (parsed.success) hits.push(parsed.data);
    } catch { /* not JSON: dropped */ }
  }
  if (hits.length === 0) return [];
  // The worker flushes for every tenant at once; the message ids come from signed tokens
  // and each row takes its tenant from its own Message.
  const messages = await getDb().message.findMany({
    where: { id: { in: [...new Set(hits.map((h) => h.m))] } },
    select: {
      id: true, tenantId: true, campaignId: true, subscriberId: true, sentAt: true,
      campaign: { select: { trackOpens: true, trackClicks: true } },
    },
  });
  const byId = new Map(messages.map((m) => [m.id, m]));
  const rows: EventRow[] = [];
  for (const h of hits) {
    const m = byId.get(h.m);
    if (!m) continue;
    // Tracking switched off for the campaign: nothing is recorded about the recipient.
    if (h.t === 'OPEN' ? !m.campaign.trackOpens : !m.campaign.trackClicks) continue;
    const reason = machineReason({ type: h.t, method: h.method, ua: h.ua, ip: h.ip, at: new Date(h.at), sentAt: m.sentAt });
    rows.push({
      tenantId: m.tenantId, campaignId: m.campaignId, messageId: m.id, subscriberId: m.subscriberId,
      type: h.t,
      machine: reason !== null,
      metadata: {
        ...(h.ua ? { ua: h.ua } : {}),
        ...(h.method !== 'GET' ? { method: h.method } : {}),
        ...(reason ? { machineReason: reason } : {}),
        ...(h.t === 'CLICK' ? { link: h.l, url: h.url } : {}),
      },
      createdAt: h.at,
    });
  }
  return rows;
}

async function writeBatch(rows: EventRow[]): Promise<void> {
  const batch = JSON.stringify(rows);
  // Postgres ignores the trailing "Z" for timestamp without time zone: the stored value is
  // the UTC wall clock, as Prisma writes it.
  const recordset = `jsonb_to_recordset($1::jsonb) AS x("tenantId" uuid, "campaignId" uuid, "messageId" uuid,
    "subscriberId" uuid, type "EventType", machine boolean, metadata jsonb, "createdAt" timestamp(3))`;
  const firstOf = (type: 'OPEN' | 'CLICK', column: 'firstOpenAt' | 'firstClickAt', counter: 'openCount' | 'clickCount') => `
    WITH firsts AS (
      SELECT x."tenantId", x."messageId", min(x."createdAt") AS t FROM ${recordset}
      WHERE x.type = '${type}' AND NOT x.machine GROUP BY 1, 2
    ), marked AS (
      UPDATE "Message" m SET "${column}" = f.t FROM firsts f
      WHERE m.id = f."messageId" AND m."tenantId" = f."tenantId" AND m."${column}" IS NULL
      RETURNING m."tenantId", m."campaignId"
    )
    UPDATE "Campaign" c SET "${counter}" = c."${counter}" + n.cnt
    FROM (SELECT "tenantId", "campaignId", count(*)::int AS cnt FROM marked GROUP BY 1, 2) n
    WHERE c.id = n."campaignId" AND c."tenantId" = n."tenantId"`;
  const db = getDb();
  await db.$transaction([
    db.$executeRawUnsafe(
      `INSERT INTO "Event" ("tenantId", "campaignId", "messageId", "subscriberId", type, machine, metadata, "createdAt")
       SELECT x."tenantId", x."campaignId", x."messageId", x."subscriberId", x.type, x.machine, x.metadata, x."createdAt"
       FROM ${recordset}`,
      batch,
    ),
    db.$executeRawUnsafe(firstOf('OPEN', 'firstOpenAt', 'openCount'), batch),
    db.$executeRawUnsafe(firstOf('CLICK', 'firstClickAt', 'clickCount'), batch),
    db.$executeRawUnsafe(
      `UPDATE "Subscriber" s SET "lastActivityAt" = GREATEST(COALESCE(s."lastActivityAt", a.t), a.t)
       FROM (SELECT x."tenantId", x."subscriberId", max(x."createdAt") AS t FROM ${recordset}
             WHERE NOT x.machine GROUP BY 1, 2) a
       WHERE s.id = a."subscriberId" AND s."tenantId" = a."tenantId"`,
      batch,
    ),
  ]);
}

export async function trackingBufferLength(): Promise<number> {
  return trackingRedis().llen(trackingBufferKey());
}
