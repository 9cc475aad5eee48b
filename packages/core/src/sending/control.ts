// Pause / resume / cancel and the live progress numbers. In-flight send jobs re-check the
// campaign status between chunks, so a pause or cancel stops sending within seconds.
import { getDb, tenantDb, type CampaignStatus } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { DomainError, notFound } from '../errors.ts';
import { enqueue } from '../jobs/queue.ts';
import { assertTenantCanSend } from '../deliverability/may-send.ts';
import { dailyLimitNotice, dailyLimitNoticeText } from './daily-limit.ts';
import { PAUSED_BY_USER, pauseReasonText } from './pause-reason.ts';
import type { CoreText } from '../texts.ts';
import { campaignStatusOf, moveCampaign, type TransitionOptions } from '../campaigns/status.ts';

async function transition(ctx: TenantCtx, campaignId: string, to: CampaignStatus, opts: TransitionOptions, verb: string) {
  if (await moveCampaign(ctx.tenantId, campaignId, to, opts)) return;
  const status = await campaignStatusOf(ctx.tenantId, campaignId);
  if (!status) throw notFound('Campaign');
  throw new DomainError('CONFLICT', `A ${status.toLowerCase().replace('_', '-')} campaign cannot be ${verb}`).withText('campaigns.controlRefused', { status: status.toLowerCase().replace('_', '-'), verb });
}

export async function pauseCampaign(ctx: TenantCtx, campaignId: string, opts: { reason?: string } = {}): Promise<void> {
  await transition(ctx, campaignId, 'PAUSED', { from: ['SENDING'], reason: opts.reason ?? PAUSED_BY_USER }, 'paused');
}

/** Resume re-dispatches the pending messages under a fresh round (new deterministic ids). */
export async function resumeCampaign(ctx: TenantCtx, campaignId: string): Promise<void> {
  // A suspended tenant stays paused until an operator lifts the suspension.
  await assertTenantCanSend(ctx.tenantId);
  const now = new Date();
  await transition(ctx, campaignId, 'SENDING', { from: ['PAUSED', 'AUTO_PAUSED'] }, 'resumed');
  await enqueue('dispatchCampaign', { tenantId: ctx.tenantId, campaignId, round: `r${now.getTime()}` }, { jobId: `dispatch-${campaignId}-r${now.getTime()}` });
}

/** Cancel: nothing pending is sent any more; messages not yet handed over (or HELD for an A/B winner) become SKIPPED. */
export async function cancelCampaign(ctx: TenantCtx, campaignId: string): Promise<void> {
  await transition(ctx, campaignId, 'CANCELLED', {}, 'cancelled');
  await getDb().$executeRaw`
    UPDATE "Message" SET status = 'SKIPPED', "skipReason" = 'campaign cancelled', "updatedAt" = now()
    WHERE "campaignId" = ${campaignId}::uuid AND "tenantId" = ${ctx.tenantId}::uuid AND status IN ('QUEUED', 'DEFERRED', 'HELD')`;
  await getDb().$executeRaw`
    UPDATE "Campaign" SET "deferredCount" = 0 WHERE id = ${campaignId}::uuid AND "tenantId" = ${ctx.tenantId}::uuid`;
}

export type CampaignProgress = {
  status: string;
  pauseReason: string | null;
  /** "Daily limit reached, continues at …" while the tenant's daily limit holds the rest back. */
  dailyLimit: string | null;
  /** pauseReason and dailyLimit as codes for the web app's catalogue (not in the REST API). */
  texts: { pauseReason: CoreText | null; dailyLimit: CoreText | null };
  recipientCount: number;
  sent: number;
  deferred: number;
  bounced: number;
  failed: number;
  skipped: number;
  ambiguous: number;
  remaining: number;
  /** 0..100: share of recipients with a final outcome. */
  percent: number;
  startedAt: string | null;
  finishedAt: string | null;
  at: string;
};

export async function getCampaignProgress(ctx: TenantCtx, campaignId: string): Promise<CampaignProgress> {
  const c = await tenantDb(ctx.tenantId).campaign.findFirst({
    where: { id: campaignId },
    select: { status: true, pauseReason: true, dailyLimitUntil: true, recipientCount: true, sentCount: true, bouncedCount: true, failedCount: true, deferredCount: true, startedAt: true, finishedAt: true },
  });
  if (!c) throw notFound('Campaign');
  // SKIPPED and AMBIGUOUS are rare; counted from the (campaignId, status) index.
  const rows = await getDb().$queryRaw<{ status: string; n: bigint }[]>`
    SELECT status::text AS status, count(*) AS n FROM "Message"
    WHERE "campaignId" = ${campaignId}::uuid AND "tenantId" = ${ctx.tenantId}::uuid AND status IN ('SKIPPED', 'AMBIGUOUS')
    GROUP BY status`;
  const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  const skipped = by.SKIPPED ?? 0;
  const ambiguous = by.AMBIGUOUS ?? 0;
  const done = c.sentCount + c.bouncedCount + c.failedCount + skipped + ambiguous;
  const remaining = Math.max(0, c.recipientCount - done);
  return {
    status: c.status, pauseReason: c.pauseReason, dailyLimit: dailyLimitNotice(c),
    texts: { pauseReason: pauseReasonText(c.pauseReason), dailyLimit: dailyLimitNoticeText(c) }, recipientCount: c.recipientCount,
    sent: c.sentCount, deferred: c.deferredCount, bounced: c.bouncedCount, failed: c.failedCount, skipped, ambiguous, remaining,
    percent: c.recipientCount ? Math.floor((done / c.recipientCount) * 1000) / 10 : c.status === 'SENT' ? 100 : 0,
    startedAt: c.startedAt?.toISOString() ?? null, finishedAt: c.finishedAt?.toISOString() ?? null, at: new Date().toISOString(),
  };
}

/** Messages whose delivery is unknown after a crash: shown to the marketer, never resent. */
export async function listAmbiguousMessages(ctx: TenantCtx, campaignId: string, opts: { take?: number } = {}) {
  return tenantDb(ctx.tenantId).message.findMany({
    where: { campaignId, status: 'AMBIGUOUS' },
    select: { id: true, email: true, claimedAt: true, sourceIp: true },
    orderBy: { claimedAt: 'asc' },
    take: opts.take ?? 100,
  });
}
