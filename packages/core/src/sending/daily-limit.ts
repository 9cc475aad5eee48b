// The tenant's daily send limit (Tenant.dailySendLimit, set by operators). The send step
// takes a per-UTC-day budget next to the per-minute one (sending/limits.ts); what a batch
// cannot send today waits as DEFERRED until the next UTC midnight: never failed, never
// lost, no attempt counted. The campaign carries the time it continues (dailyLimitUntil),
// and the watchdog leaves it alone until then (DEFERRED rows are not overdue).
import { getDb, Prisma, sqlQuery } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { coreEnv } from '../env.ts';
import { platformRedis } from '../platform/ip-blocks.ts';
import { remainingDailyBudget } from './limits.ts';
import type { CoreText } from '../texts.ts';

export const dailyLimitReply = (until: Date) => `Daily send limit reached; continues at ${until.toISOString()}`;

/** What the campaign page and report say while a sending campaign waits for the next day. */
export function dailyLimitNotice(c: { status: string; dailyLimitUntil: Date | string | null }, now = new Date()): string | null {
  if (c.status !== 'SENDING' || !c.dailyLimitUntil) return null;
  const until = new Date(c.dailyLimitUntil);
  if (until.getTime() <= now.getTime()) return null;
  return `Daily limit reached, continues at ${until.toISOString().replace('T', ' ').slice(0, 16)} UTC.`;
}

/** The same notice as a code (coreTexts.dailyLimit.continuesAt); `until` in epoch milliseconds. */
export function dailyLimitNoticeText(c: { status: string; dailyLimitUntil: Date | string | null }, now = new Date()): CoreText | null {
  if (!dailyLimitNotice(c, now)) return null;
  return { code: 'dailyLimit.continuesAt', params: { until: new Date(c.dailyLimitUntil!).getTime() } };
}

/**
 * Moves the batch's messages that were not claimed (QUEUED, or DEFERRED for a retry) to
 * DEFERRED until `until`. Rows another worker holds are skipped: it is sending them.
 */
export async function deferForDailyLimit(ctx: TenantCtx, input: { campaignId: string; ids: string[]; until: Date }): Promise<number> {
  if (input.ids.length === 0) return 0;
  const rows = await sqlQuery<{ queued: bigint; n: bigint }>(Prisma.sql`
    WITH p AS (
      SELECT id, status FROM "Message"
      WHERE id = ANY(${input.ids}::uuid[]) AND "tenantId" = ${ctx.tenantId}::uuid AND "campaignId" = ${input.campaignId}::uuid
        AND status IN ('QUEUED', 'DEFERRED')
      FOR UPDATE SKIP LOCKED
    ), u AS (
      UPDATE "Message" m SET status = 'DEFERRED', "nextAttemptAt" = GREATEST(coalesce(m."nextAttemptAt", ${input.until}), ${input.until}),
        "smtpReply" = ${dailyLimitReply(input.until)}, "updatedAt" = now()
      FROM p WHERE m.id = p.id
      RETURNING p.status::text AS prev
    )
    SELECT count(*) FILTER (WHERE prev = 'QUEUED') AS queued, count(*) AS n FROM u`);
  const queued = Number(rows[0]?.queued ?? 0);
  await getDb().campaign.updateMany({
    where: { id: input.campaignId, tenantId: ctx.tenantId },
    data: { deferredCount: { increment: queued }, dailyLimitUntil: input.until },
  });
  return Number(rows[0]?.n ?? 0);
}

/** The tenant's daily budget left today (null: no daily limit), read from the send step's counter. */
export async function remainingDailySends(ctx: TenantCtx): Promise<{ limit: number; remaining: number } | null> {
  const t = await getDb().tenant.findUnique({ where: { id: ctx.tenantId }, select: { dailySendLimit: true } });
  if (t?.dailySendLimit == null) return null;
  const remaining = await remainingDailyBudget(await platformRedis(), `${coreEnv().QUEUE_PREFIX}:send`, ctx.tenantId, t.dailySendLimit);
  return { limit: t.dailySendLimit, remaining: remaining ?? t.dailySendLimit };
}
