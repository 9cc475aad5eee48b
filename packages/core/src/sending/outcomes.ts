// Outcome bookkeeping, batched: one statement per chunk of messages (UPDATE by unnest, the
// Event rows and the campaign counters of the rows it changed), then the hard bounces
// suppressed at once. Only rows still claimed by this worker are written, so a late writer
// can never overwrite someone else's claim, and a retried write counts nothing twice.
import { getDb, Prisma, sqlQuery } from '@rundbrief/db';
import { kickWebhookDispatch, webhookOutboxCtes } from '../webhooks/events.ts';
import { systemCtx, type TenantCtx } from '../context.ts';
import { moveCampaign } from '../campaigns/status.ts';
import { writeSuppressions } from '../deliverability/suppress.ts';
import { enqueueBulk } from '../jobs/queue.ts';
import { sendingEnv } from './env.ts';
import type { SendClock, SendLogger } from './runtime.ts';
import type { SendBatchPayload } from './jobs.ts';

export type Outcome = {
  id: string;
  subscriberId: string;
  email: string;
  status: 'SENT' | 'DEFERRED' | 'BOUNCED' | 'FAILED' | 'QUEUED' | 'AMBIGUOUS';
  smtpCode: number | null;
  smtpReply: string | null;
  sourceIp: string | null;
  messageId: string | null;
  nextAttemptAt: Date | null;
  bounceCategory: string | null;
  /** 1 when an SMTP transaction was attempted (0 for a release / rate-limit postpone). */
  attempted: 0 | 1;
  prev: 'QUEUED' | 'DEFERRED';
};

/**
 * Growing backoff for 4xx (base * 2^(attempt-1)) until the deadline, then FAILED (soft). The
 * deadline counts from the first attempt (a message of a big, rate-limited campaign may wait
 * hours in the queue before it is first tried), `now` when this was the first.
 */
export function deferOrFail(o: { firstAttemptAt: Date | null; attempts: number }, now = new Date()): { status: 'DEFERRED' | 'FAILED'; nextAttemptAt: Date | null } {
  const env = sendingEnv();
  const delay = env.SEND_RETRY_BASE_SECONDS * 1000 * 2 ** Math.max(0, o.attempts - 1);
  const next = new Date(now.getTime() + Math.max(delay, 250));
  const first = o.firstAttemptAt ?? now;
  if (next.getTime() > first.getTime() + env.SEND_RETRY_DEADLINE_SECONDS * 1000) return { status: 'FAILED', nextAttemptAt: null };
  return { status: 'DEFERRED', nextAttemptAt: next };
}

/** What one outcome statement changed: only rows still claimed by the worker and not yet final count. */
export type RecordedOutcomes = { updated: number; sent: number; bounced: number; failed: number; deferredDelta: number };

/**
 * Retrying a failed outcome write (the worker passes its clock and logger). `window` is shared
 * by the groups of one job: the retry time counts from the job's first failure, so a job whose
 * database stays away gives up once, not once per group.
 */
export type RecordRetry = { clock: SendClock; log: SendLogger; window?: { until: number | null } };

/**
 * A database that is away or busy for a moment: no SQLSTATE (the socket died, the pool could
 * not connect: "Connection terminated unexpectedly", ECONNREFUSED) or the classes of
 * connection loss (08), rollback (40: serialization, deadlock), resources (53), lock not
 * available (55), operator intervention (57: admin shutdown, "not yet accepting
 * connections") and system errors (58). Data and syntax errors (22, 23, 42, ...) would fail
 * again: not retried.
 */
export function isTransientDbError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return true;
  return ['08', '40', '53', '55', '57', '58'].includes(code.slice(0, 2));
}

/**
 * Records a group of outcomes. With `retry`, a transient failure (a Postgres restart, a
 * terminated connection) is retried with backoff for up to SEND_RECORD_RETRY_SECONDS (never
 * longer than the lease) from the job's first failure. Every step is idempotent: the outcome
 * statement writes the messages, their events, webhook events and the campaign counters in
 * one statement (all or nothing), and only rows still claimed by this worker and not yet
 * final (SENDING, or AMBIGUOUS as the lease sweep lists a handed-over claim it keeps
 * for us), so a retry after a commit whose reply was lost changes and counts nothing.
 * Given up: logged once with the count, then thrown; the messages stay SENDING under the
 * claim and the lease sweep lists them AMBIGUOUS (never resent).
 */
export async function recordOutcomes(ctx: TenantCtx, input: { campaignId: string; workerId: string; outcomes: Outcome[] }, retry?: RecordRetry): Promise<RecordedOutcomes> {
  const os = input.outcomes;
  if (os.length === 0) return { updated: 0, sent: 0, bounced: 0, failed: 0, deferredDelta: 0 };
  const env = sendingEnv();
  const window = retry?.window ?? { until: null };
  let retries = 0;
  const attempt = async <T>(step: () => Promise<T>): Promise<T> => {
    let delay = 250;
    for (;;) {
      try {
        const r = await step();
        window.until = null;
        return r;
      } catch (err) {
        if (!retry || !isTransientDbError(err)) throw err;
        const now = retry.clock.now();
        window.until ??= now + Math.min(env.SEND_RECORD_RETRY_SECONDS, env.SEND_LEASE_SECONDS) * 1000;
        if (now + delay > window.until) throw err;
        retries++;
        await retry.clock.sleep(delay);
        delay = Math.min(delay * 2, 5000);
      }
    }
  };
  try {
    const r = await attempt(() => writeOutcomes(ctx, input));
    if (r.hooks > 0) await kickWebhookDispatch();
    // A hard bounce suppresses the address for the tenant and marks the subscriber BOUNCED
    // (an upsert: repeating it changes nothing). Only the bounces this statement wrote.
    const bounced = new Set(r.bouncedIds);
    const hard = os.filter((o) => bounced.has(o.id));
    if (hard.length) {
      await attempt(() => writeSuppressions('HARD_BOUNCE', 'smtp', hard.map((o) => ({ tenantId: ctx.tenantId, email: o.email, note: o.smtpReply, subscriberId: o.subscriberId }))));
    }
    if (retries > 0) retry?.log.info(`recorded ${r.updated} of ${os.length} outcomes of campaign ${input.campaignId} after ${retries} retries`);
    return { updated: r.updated, sent: r.sent, bounced: r.bounced, failed: r.failed, deferredDelta: r.deferredDelta };
  } catch (err) {
    retry?.log.error(`gave up recording ${os.length} outcomes of campaign ${input.campaignId} after ${retries} retries (the lease sweep lists them ambiguous): ${(err as Error).message}`);
    throw err;
  }
}

/** The outcome statement: one round trip, one transaction. */
async function writeOutcomes(ctx: TenantCtx, input: { campaignId: string; workerId: string; outcomes: Outcome[] }) {
  const os = input.outcomes;
  const col = <T>(f: (o: Outcome) => T) => os.map(f);
  // straight through pg (sqlQuery): the hot path of every send
  const [r] = await sqlQuery<RecordedOutcomes & { hooks: number; bouncedIds: string[] }>(Prisma.sql`
    WITH v AS (
      SELECT * FROM unnest(${col((o) => o.id)}::uuid[], ${col((o) => o.status)}::text[], ${col((o) => o.smtpCode)}::int[],
        ${col((o) => o.smtpReply?.slice(0, 1000) ?? null)}::text[], ${col((o) => o.sourceIp)}::text[], ${col((o) => o.messageId)}::text[],
        ${col((o) => o.nextAttemptAt?.toISOString() ?? null)}::timestamptz[], ${col((o) => o.bounceCategory)}::text[], ${col((o) => o.attempted)}::int[],
        ${col((o) => o.prev)}::text[])
        AS v(id, status, code, reply, ip, mid, next, cat, inc, prev)
    ), u AS (
      UPDATE "Message" m SET status = v.status::"MessageStatus", "smtpCode" = COALESCE(v.code, m."smtpCode"),
        "smtpReply" = COALESCE(v.reply, m."smtpReply"), "sourceIp" = COALESCE(v.ip, m."sourceIp"),
        "messageId" = COALESCE(v.mid, m."messageId"), "nextAttemptAt" = v.next, "bounceCategory" = v.cat,
        "skipReason" = CASE WHEN v.status = 'AMBIGUOUS' THEN 'connection lost after the message was sent' ELSE m."skipReason" END,
        attempts = m.attempts + v.inc, "firstAttemptAt" = COALESCE(m."firstAttemptAt", CASE WHEN v.inc > 0 THEN now() END),
        "sentAt" = CASE WHEN v.status = 'SENT' THEN now() ELSE m."sentAt" END,
        "claimedBy" = CASE WHEN v.status = 'QUEUED' THEN NULL ELSE m."claimedBy" END, "updatedAt" = now()
      -- id = ANY too: the primary key then reads exactly these rows, whatever the planner
      -- thinks of the join (with stale statistics it hash-joined the tenant's whole index)
      FROM v WHERE m.id = v.id AND m.id = ANY(${col((o) => o.id)}::uuid[]) AND m."tenantId" = ${ctx.tenantId}::uuid
        AND m.status IN ('SENDING', 'AMBIGUOUS') AND m."claimedBy" = ${input.workerId}
      RETURNING m.id, m."subscriberId", m.email, m.status::text AS status, v.code, v.reply, v.cat, v.ip, v.prev
    ),
    -- A delivery is the Message row itself (status SENT, sentAt, reply, source IP): no
    -- DELIVERED event per mail, which doubled the rows written per send. Bounces get one.
    ev AS (
      INSERT INTO "Event" ("tenantId", "campaignId", "messageId", "subscriberId", type, metadata, "createdAt")
      SELECT ${ctx.tenantId}::uuid, ${input.campaignId}::uuid, u.id, u."subscriberId", 'BOUNCE'::"EventType",
        jsonb_build_object('smtpCode', u.code, 'reply', u.reply, 'category', u.cat, 'sourceIp', u.ip, 'sync', true), now()
      FROM u WHERE u.status = 'BOUNCED'
    ),
    -- ... and a message.bounced webhook event, written by this same statement (outbox).
    wh_src AS (
      SELECT ${ctx.tenantId}::uuid AS "tenantId", jsonb_build_object('messageId', u.id, 'campaignId', ${input.campaignId}::uuid, 'subscriberId', u."subscriberId",
        'email', u.email, 'category', COALESCE(u.cat, 'hard'), 'smtpCode', u.code, 'diagnostic', left(u.reply, 500), 'async', false) AS data
      FROM u WHERE u.status = 'BOUNCED'
    ), ${webhookOutboxCtes('message.bounced', Prisma.sql`wh_src`)},
    -- The counters count the rows this statement changed, never the group: a row someone
    -- else finalised (or a retry of a write that had committed) adds nothing. Same
    -- statement, so they commit with the rows or not at all.
    cnt AS (
      SELECT count(*)::int AS updated, (count(*) FILTER (WHERE status = 'SENT'))::int AS sent,
        (count(*) FILTER (WHERE status = 'BOUNCED'))::int AS bounced, (count(*) FILTER (WHERE status = 'FAILED'))::int AS failed,
        (count(*) FILTER (WHERE status = 'DEFERRED') - count(*) FILTER (WHERE prev = 'DEFERRED'))::int AS "deferredDelta",
        COALESCE(array_agg(id::text) FILTER (WHERE status = 'BOUNCED'), '{}') AS "bouncedIds"
      FROM u
    ), counters AS (
      UPDATE "Campaign" SET "sentCount" = "sentCount" + cnt.sent, "bouncedCount" = "bouncedCount" + cnt.bounced,
        "failedCount" = "failedCount" + cnt.failed, "deferredCount" = GREATEST(0, "deferredCount" + cnt."deferredDelta"),
        "updatedAt" = now()
      FROM cnt WHERE id = ${input.campaignId}::uuid AND "tenantId" = ${ctx.tenantId}::uuid AND cnt.updated > 0
    )
    -- counters is not read here: Postgres runs it last, so the campaign row is locked only
    -- for the end of the statement
    SELECT (SELECT count(*) FROM wh_dl)::int AS hooks, cnt.* FROM cnt`, { name: 'rb_record_outcomes_v3' });
  return r!;
}

/**
 * SENDING -> SENT once nothing is pending (AMBIGUOUS is final: never resent blindly). HELD
 * (the rest of an A/B test waiting for its winner) is pending too.
 */
export async function completeIfDone(ctx: TenantCtx, campaignId: string): Promise<boolean> {
  const moved = await moveCampaign(ctx.tenantId, campaignId, 'SENT', {
    onlyIf: Prisma.sql`NOT EXISTS (SELECT 1 FROM "Message" m WHERE m."campaignId" = ${campaignId}::uuid AND m.status IN ('QUEUED', 'SENDING', 'DEFERRED', 'HELD'))`,
  });
  return moved !== null;
}

/**
 * Lease sweep (platform maintenance, all tenants): a message SENDING for longer than the
 * lease belongs to a worker that died (or lost its claim). Never marked as handed over
 * (markHandedOver, written before the first SMTP transaction): it reached no server, so it
 * goes back to QUEUED and a send job takes it at once (SKIPPED on a cancelled campaign; a
 * paused one gets it on resume). Marked: whether the receiver got it is unknown, so it
 * becomes AMBIGUOUS (listed on the campaign), never resent. A live worker whose unmarked
 * message is released here cannot send it any more: its mark is conditional on the claim.
 */
export async function sweepExpiredClaims(leaseSeconds = sendingEnv().SEND_LEASE_SECONDS): Promise<{ ambiguous: number; requeued: number }> {
  const rows = await getDb().$queryRaw<{ tenantId: string; campaignId: string; campaignStatus: string; status: string; ids: string[] }[]>`
    WITH u AS (
      UPDATE "Message" m SET
        status = (CASE WHEN m."handedAt" IS NOT NULL THEN 'AMBIGUOUS' WHEN c.status = 'CANCELLED' THEN 'SKIPPED' ELSE 'QUEUED' END)::"MessageStatus",
        "skipReason" = CASE WHEN m."handedAt" IS NOT NULL THEN 'worker lost during delivery'
                            WHEN c.status = 'CANCELLED' THEN 'campaign cancelled' ELSE m."skipReason" END,
        "claimedBy" = CASE WHEN m."handedAt" IS NOT NULL THEN m."claimedBy" END,
        "updatedAt" = now()
      FROM "Campaign" c
      WHERE c.id = m."campaignId" AND c.status IN ('SENDING', 'PAUSED', 'AUTO_PAUSED', 'CANCELLED')
        AND c."updatedAt" > now() - interval '7 days'
        AND m.status = 'SENDING' AND m."claimedAt" < now() - make_interval(secs => ${leaseSeconds})
      RETURNING m."tenantId", m."campaignId", c.status::text AS "campaignStatus", m.status::text AS status, m.id)
    SELECT "tenantId", "campaignId", "campaignStatus", status, array_agg(id::text) AS ids FROM u GROUP BY 1, 2, 3, 4`;
  const size = sendingEnv().SEND_BATCH_SIZE || 200;
  const stamp = Date.now();
  for (const r of rows) {
    if (r.status !== 'QUEUED' || r.campaignStatus !== 'SENDING') continue;
    // Never handed to SMTP: sent again now, under fresh job ids (claims stay conditional).
    const jobs = [];
    for (let i = 0; i < r.ids.length; i += size) {
      const data: SendBatchPayload = { tenantId: r.tenantId, campaignId: r.campaignId, messageIds: r.ids.slice(i, i + size), followUp: 0 };
      jobs.push({ payload: data, opts: { jobId: `send-${r.campaignId}-lease${stamp}-${i / size + 1}`, priority: 1 } });
    }
    await enqueueBulk('sendBatch', jobs);
  }
  for (const c of new Map(rows.map((r) => [r.campaignId, r])).values()) await completeIfDone(systemCtx(c.tenantId), c.campaignId);
  const count = (st: string) => rows.filter((r) => r.status === st).reduce((a, r) => a + r.ids.length, 0);
  return { ambiguous: count('AMBIGUOUS'), requeued: count('QUEUED') };
}
