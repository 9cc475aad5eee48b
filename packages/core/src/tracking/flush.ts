// Batch writer for tracking hits buffered in Redis (record.ts). One flush takes up to
// `max` hits and, in one SQL statement: inserts all Events from a JSON recordset, sets
// Message.firstOpenAt / firstClickAt, Subscriber.lastActivityAt and the campaign's unique
// open / click counters. Only then are the hits trimmed off the
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

type MessageRow = {
  id: string; tenantId: string; campaignId: string; subscriberId: string; sentAt: Date | null; trackOpens: boolean; trackClicks: boolean;
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
  // and each row takes its tenant from its own Message. Raw SQL: ~5x faster than the
  // relation query for a 5,000-id batch.
  const messages = await getDb().$queryRaw<MessageRow[]>`
    SELECT m.id::text AS id, m."tenantId"::text AS "tenantId", m."campaignId"::text AS "campaignId",
           m."subscriberId"::text AS "subscriberId", m."sentAt", c."trackOpens", c."trackClicks"
    FROM "Message" m JOIN "Campaign" c ON c.id = m."campaignId" AND c."tenantId" = m."tenantId"
    WHERE m.id = ANY(${[...new Set(hits.map((h) => h.m))]}::uuid[])`;
  const byId = new Map(messages.map((m) => [m.id, m]));
  const rows: EventRow[] = [];
  for (const h of hits) {
    const m = byId.get(h.m);
    if (!m) continue;
    // Tracking switched off for the campaign: nothing is recorded about the recipient.
    if (h.t === 'OPEN' ? !m.trackOpens : !m.trackClicks) continue;
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

/**
 * One statement for the whole batch (the JSON is parsed once): insert the Events, stamp the
 * first human open / click on each Message, count the newly opened / clicked messages on
 * their campaigns and move Subscriber.lastActivityAt. The Message update joins the table a
 * second time ("old") because RETURNING only sees the new values, and the counters must move
 * only for messages whose first open / click this batch set.
 */
async function writeBatch(rows: EventRow[]): Promise<void> {
  // Postgres ignores the trailing "Z" for timestamp without time zone: the stored value is
  // the UTC wall clock, as Prisma writes it.
  await getDb().$executeRawUnsafe(
    `WITH x AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r("tenantId" uuid, "campaignId" uuid, "messageId" uuid,
         "subscriberId" uuid, type "EventType", machine boolean, metadata jsonb, "createdAt" timestamp(3))
     ), ins AS (
       INSERT INTO "Event" ("tenantId", "campaignId", "messageId", "subscriberId", type, machine, metadata, "createdAt")
       SELECT "tenantId", "campaignId", "messageId", "subscriberId", type, machine, metadata, "createdAt" FROM x
     ), firsts AS (
       SELECT "tenantId", "messageId",
              min("createdAt") FILTER (WHERE type = 'OPEN') AS opened,
              min("createdAt") FILTER (WHERE type = 'CLICK') AS clicked
       FROM x WHERE NOT machine GROUP BY 1, 2
     ), marked AS (
       UPDATE "Message" m
       SET "firstOpenAt" = COALESCE(m."firstOpenAt", f.opened), "firstClickAt" = COALESCE(m."firstClickAt", f.clicked)
       FROM firsts f JOIN "Message" old ON old.id = f."messageId" AND old."tenantId" = f."tenantId"
       WHERE m.id = old.id
         AND ((old."firstOpenAt" IS NULL AND f.opened IS NOT NULL) OR (old."firstClickAt" IS NULL AND f.clicked IS NOT NULL))
       RETURNING m."tenantId", m."campaignId",
         (old."firstOpenAt" IS NULL AND f.opened IS NOT NULL) AS new_open,
         (old."firstClickAt" IS NULL AND f.clicked IS NOT NULL) AS new_click
     ), counted AS (
       UPDATE "Campaign" c SET "openCount" = c."openCount" + n.opens, "clickCount" = c."clickCount" + n.clicks
       FROM (SELECT "tenantId", "campaignId", count(*) FILTER (WHERE new_open)::int AS opens,
                    count(*) FILTER (WHERE new_click)::int AS clicks
             FROM marked GROUP BY 1, 2) n
       WHERE c.id = n."campaignId" AND c."tenantId" = n."tenantId"
     )
     UPDATE "Subscriber" s SET "lastActivityAt" = GREATEST(COALESCE(s."lastActivityAt", a.t), a.t)
     FROM (SELECT "tenantId", "subscriberId", max("createdAt") AS t FROM x WHERE NOT machine GROUP BY 1, 2) a
     WHERE s.id = a."subscriberId" AND s."tenantId" = a."tenantId"`,
    JSON.stringify(rows),
  );
}

export async function trackingBufferLength(): Promise<number> {
  return trackingRedis().llen(trackingBufferKey());
}
