// The webhook event catalogue and the outbox writer. An event is recorded by the statement
// that runs inside the transaction of the change it reports (a rolled-back change records
// nothing), and only when an enabled endpoint of the tenant subscribes to its type: one
// INSERT ... SELECT writes the event and one delivery per endpoint, so a tenant without
// webhooks pays one index probe. After the commit, `kickWebhookDispatch` wakes the worker; its
// sweep (every few seconds) picks up whatever a lost kick left behind.
import { getDb, Prisma, type SqlTx } from '@rundbrief/db';
import { enqueue } from '../jobs/queue.ts';
import { webhookSettings } from './settings.ts';

export const WEBHOOK_EVENT_TYPES = [
  'subscriber.created', 'subscriber.confirmed', 'subscriber.unsubscribed', 'subscriber.erased',
  'message.bounced', 'message.complained',
  'campaign.started', 'campaign.finished', 'campaign.auto_paused', 'campaign.ab_winner_chosen',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent by "Send test event" to one endpoint only; nobody subscribes to it. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  'subscriber.created': 'A new subscriber was added (form, API, by hand or CSV import)',
  'subscriber.confirmed': 'A subscription was confirmed (double opt-in click or direct)',
  'subscriber.unsubscribed': 'A subscriber unsubscribed from a list or from everything',
  'subscriber.erased': 'A subscriber was erased (GDPR)',
  'message.bounced': 'A campaign message bounced (synchronous reply or DSN)',
  'message.complained': 'A recipient marked a campaign message as spam (ARF report)',
  'campaign.started': 'A campaign started sending',
  'campaign.finished': 'A campaign finished sending',
  'campaign.auto_paused': 'A campaign was paused automatically (bounce or complaint rate)',
  'campaign.ab_winner_chosen': 'The winner of an A/B test was chosen (automatically or by hand)',
};

/** Where the outbox statement runs: the caller's transaction (Prisma or raw), else the pool. */
export type WebhookSqlRunner = { $queryRaw: Prisma.TransactionClient['$queryRaw'] } | SqlTx;

// Without a transaction: Prisma's own pool, not sqlQuery's pg path (one event is no hot path,
// and in the Next.js bundles the pg path's pool map can miss the shared client).
function runSql<T>(q: Prisma.Sql, db?: WebhookSqlRunner): Promise<T[]> {
  if (!db) return getDb().$queryRaw<T[]>(q);
  return '$queryRaw' in db ? db.$queryRaw<T[]>(q) : db.query<T>(q);
}

const subscribed = (tenant: Prisma.Sql, type: string) =>
  Prisma.sql`e."tenantId" = ${tenant} AND e.enabled AND ${type} = ANY(e.events)`;

/**
 * CTEs to append to a writer's own WITH statement (after a comma), so the event is part of
 * the very statement that makes the change: `source` names an earlier CTE (or a subquery)
 * with columns "tenantId" uuid and data jsonb, one event per row. Each call needs its own
 * `tag` when a statement emits more than one type.
 */
export function webhookOutboxCtes(type: WebhookEventType, source: Prisma.Sql, tag = 'wh'): Prisma.Sql {
  const windowMs = webhookSettings().failureWindowMs;
  const ev = Prisma.raw(`${tag}_ev`);
  const ep = Prisma.raw(`${tag}_ep`);
  const dl = Prisma.raw(`${tag}_dl`);
  return Prisma.sql`
    ${ev} AS (
      INSERT INTO "WebhookEvent" (id, "tenantId", type, data)
      SELECT gen_random_uuid(), s."tenantId", ${type}, s.data FROM ${source} s
      WHERE EXISTS (SELECT 1 FROM "WebhookEndpoint" e WHERE ${subscribed(Prisma.sql`s."tenantId"`, type)})
      RETURNING id, "tenantId"
    ),
    -- The endpoints of this statement's tenants, one index probe per tenant: joined to the
    -- events directly, the planner hash-joined every enabled endpoint of the platform (a
    -- sequential scan of 15,000 rows per statement at 20,000 endpoints, EXPLAIN in issue 15).
    ${ep} AS (
      SELECT e.id, e."tenantId" FROM (SELECT DISTINCT "tenantId" FROM ${ev}) t
      CROSS JOIN LATERAL (SELECT e.id, e."tenantId" FROM "WebhookEndpoint" e WHERE ${subscribed(Prisma.sql`t."tenantId"`, type)} OFFSET 0) e
    ),
    ${dl} AS (
      INSERT INTO "WebhookDelivery" (id, "tenantId", "eventId", "endpointId", status, "nextAttemptAt", "retryUntil", "updatedAt")
      SELECT gen_random_uuid(), ev."tenantId", ev.id, e.id, 'PENDING', now(), now() + ${windowMs} * interval '1 millisecond', now()
      FROM ${ev} ev JOIN ${ep} e ON e."tenantId" = ev."tenantId"
      RETURNING 1
    )`;
}

/**
 * Records one event for the tenant's subscribed endpoints, in the caller's transaction when
 * `db` is given; returns the number of deliveries written (0: nobody listens, nothing
 * stored). `data` must hold no secrets: it leaves the platform.
 */
export async function emitWebhookEvent(tenantId: string, type: WebhookEventType, data: Record<string, unknown>, db?: WebhookSqlRunner): Promise<number> {
  return emitWebhookEvents(type, Prisma.sql`SELECT ${tenantId}::uuid AS "tenantId", ${JSON.stringify(data)}::jsonb AS data`, db);
}

/**
 * Set-based: one event per row of the query `source` (columns "tenantId" uuid and data
 * jsonb), for batched writers; one statement in all.
 */
export async function emitWebhookEvents(type: WebhookEventType, source: Prisma.Sql, db?: WebhookSqlRunner): Promise<number> {
  const [r] = await runSql<{ n: number }>(Prisma.sql`
    WITH wh_src AS (${source}), ${webhookOutboxCtes(type, Prisma.sql`wh_src`)}
    SELECT count(*)::int AS n FROM wh_dl`, db);
  return r?.n ?? 0;
}

/**
 * After the commit: wake the dispatcher. A queue outage must not fail the change that was
 * already recorded; the sweep delivers within seconds anyway.
 * Kicks coalesce: while a dispatch waits, another kick adds nothing (the waiting one will see
 * the new rows); while one runs, one more is kept to run after it (`keepLastIfActive`). A
 * plain throttle (a 250 ms ttl) dropped a kick that came while a dispatch was already past its
 * read, so that delivery waited for the sweep (an int test timed out on it in the full run).
 */
export async function kickWebhookDispatch(written = 1): Promise<void> {
  if (written <= 0) return;
  await enqueue('dispatchWebhooks', {}, { deduplication: { id: 'webhook-dispatch', keepLastIfActive: true }, removeOnComplete: true, removeOnFail: 100 })
    .catch((err: Error) => console.error(`webhook dispatch not queued (the sweep will deliver): ${err.message}`));
}
