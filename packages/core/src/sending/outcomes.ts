// Outcome bookkeeping, batched: one UPDATE (unnest) per chunk of messages, with the Event
// rows appended in the same statement, one counter UPDATE on the campaign, and the hard
// bounces suppressed at once. Only rows still claimed by this worker are written, so a
// late writer can never overwrite someone else's claim.
import { getDb, Prisma, sqlExecute } from '@rundbrief/db';
import { systemCtx, type TenantCtx } from '../context.ts';
import { sendingEnv } from './env.ts';

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

export async function recordOutcomes(ctx: TenantCtx, input: { campaignId: string; workerId: string; outcomes: Outcome[] }): Promise<void> {
  const os = input.outcomes;
  if (os.length === 0) return;
  const col = <T>(f: (o: Outcome) => T) => os.map(f);
  // straight through pg (sqlExecute): the hot path of every send
  await sqlExecute(Prisma.sql`
    WITH v AS (
      SELECT * FROM unnest(${col((o) => o.id)}::uuid[], ${col((o) => o.status)}::text[], ${col((o) => o.smtpCode)}::int[],
        ${col((o) => o.smtpReply?.slice(0, 1000) ?? null)}::text[], ${col((o) => o.sourceIp)}::text[], ${col((o) => o.messageId)}::text[],
        ${col((o) => o.nextAttemptAt?.toISOString() ?? null)}::timestamptz[], ${col((o) => o.bounceCategory)}::text[], ${col((o) => o.attempted)}::int[])
        AS v(id, status, code, reply, ip, mid, next, cat, inc)
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
      RETURNING m.id, m."subscriberId", m.status::text AS status, v.code, v.reply, v.cat, v.ip
    )
    -- A delivery is the Message row itself (status SENT, sentAt, reply, source IP): no
    -- DELIVERED event per mail, which doubled the rows written per send. Bounces get one.
    INSERT INTO "Event" ("tenantId", "campaignId", "messageId", "subscriberId", type, metadata, "createdAt")
    SELECT ${ctx.tenantId}::uuid, ${input.campaignId}::uuid, u.id, u."subscriberId", 'BOUNCE'::"EventType",
      jsonb_build_object('smtpCode', u.code, 'reply', u.reply, 'category', u.cat, 'sourceIp', u.ip, 'sync', true), now()
    FROM u WHERE u.status = 'BOUNCED'`, { name: 'rb_record_outcomes_v1' });

  const count = (s: Outcome['status']) => os.filter((o) => o.status === s).length;
  const deferredDelta = count('DEFERRED') - os.filter((o) => o.prev === 'DEFERRED').length;
  await sqlExecute(Prisma.sql`
    UPDATE "Campaign" SET "sentCount" = "sentCount" + ${count('SENT')}, "bouncedCount" = "bouncedCount" + ${count('BOUNCED')},
      "failedCount" = "failedCount" + ${count('FAILED')}, "deferredCount" = GREATEST(0, "deferredCount" + ${deferredDelta}),
      "updatedAt" = now()
    WHERE id = ${input.campaignId}::uuid AND "tenantId" = ${ctx.tenantId}::uuid`, { name: 'rb_campaign_counters_v1' });

  const hard = os.filter((o) => o.status === 'BOUNCED');
  if (hard.length) await suppressHardBounces(ctx.tenantId, hard);
}

/** A hard bounce suppresses the address for the tenant and marks the subscriber BOUNCED. */
async function suppressHardBounces(tenantId: string, hard: Outcome[]): Promise<void> {
  const db = getDb();
  await db.$executeRaw`
    INSERT INTO "Suppression" (id, "tenantId", email, "emailHash", reason, source, note, "createdAt")
    SELECT gen_random_uuid(), ${tenantId}::uuid, e, encode(sha256(convert_to(e, 'UTF8')), 'hex'), 'HARD_BOUNCE', 'smtp', r, now()
    FROM unnest(${hard.map((o) => o.email)}::text[], ${hard.map((o) => o.smtpReply?.slice(0, 500) ?? null)}::text[]) AS v(e, r)
    ON CONFLICT ("tenantId", "emailHash") DO NOTHING`;
  await db.$executeRaw`
    UPDATE "Subscriber" SET status = 'BOUNCED', "updatedAt" = now()
    WHERE id = ANY(${hard.map((o) => o.subscriberId)}::uuid[]) AND "tenantId" = ${tenantId}::uuid AND status = 'ACTIVE'`;
}

/** SENDING -> SENT once nothing is pending (AMBIGUOUS is final: never resent blindly). */
export async function completeIfDone(ctx: TenantCtx, campaignId: string): Promise<boolean> {
  const n = await sqlExecute(Prisma.sql`
    UPDATE "Campaign" SET status = 'SENT', "finishedAt" = now(), "updatedAt" = now()
    WHERE id = ${campaignId}::uuid AND "tenantId" = ${ctx.tenantId}::uuid AND status = 'SENDING'
      AND NOT EXISTS (SELECT 1 FROM "Message" WHERE "campaignId" = ${campaignId}::uuid AND status IN ('QUEUED', 'SENDING', 'DEFERRED'))`);
  return n > 0;
}

/**
 * Lease sweep (platform maintenance, all tenants): a message SENDING for longer than the
 * lease belongs to a worker that died mid-transaction. Whether the receiver got it is
 * unknown, so it becomes AMBIGUOUS (listed on the campaign), never QUEUED again.
 */
export async function sweepExpiredClaims(leaseSeconds = sendingEnv().SEND_LEASE_SECONDS): Promise<number> {
  const rows = await getDb().$queryRaw<{ tenantId: string; campaignId: string; n: bigint }[]>`
    WITH u AS (
      UPDATE "Message" SET status = 'AMBIGUOUS', "skipReason" = 'worker lost during delivery', "updatedAt" = now()
      WHERE "campaignId" IN (SELECT id FROM "Campaign" WHERE status IN ('SENDING', 'PAUSED', 'AUTO_PAUSED', 'CANCELLED')
                                AND "updatedAt" > now() - interval '7 days')
        AND status = 'SENDING' AND "claimedAt" < now() - make_interval(secs => ${leaseSeconds})
      RETURNING "tenantId", "campaignId")
    SELECT "tenantId", "campaignId", count(*) AS n FROM u GROUP BY 1, 2`;
  for (const r of rows) await completeIfDone(systemCtx(r.tenantId), r.campaignId);
  return rows.reduce((a, r) => a + Number(r.n), 0);
}
