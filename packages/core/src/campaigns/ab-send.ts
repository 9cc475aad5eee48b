// Sending an A/B test. At start, inside the start transaction: the snapshot gives the test
// share its variants and HOLDs the rest (sending/snapshot.ts), each variant's compilation is
// frozen. After the wait a delayed job (AB_WINNER_JOB; a maintenance sweep
// backs it up) or the marketer picks the winner: the HELD rows become QUEUED with the
// winning variant and are dispatched. They are the rows of the snapshot, so unique
// (subscriberId, campaignId) still means one mail per recipient, and a test recipient,
// no longer HELD, is never given the winner.
import { z } from 'zod';
import { getDb, Prisma, tenantDb } from '@rundbrief/db';
import type { CompiledCampaign } from '@rundbrief/mailer/render/types';
import { systemCtx, type TenantCtx } from '../context.ts';
import { DomainError, notFound } from '../errors.ts';
import { enqueue } from '../jobs/queue.ts';
import { campaignJobPayload, JOBS } from '../jobs/definitions.ts';
import { abSplit, pickAbWinner, type AbMetric, type VariantFigures } from './ab-rules.ts';
import { unifyVariantLinks } from './ab-links.ts';
import { emitWebhookEvent, kickWebhookDispatch } from '../webhooks/events.ts';

export const AB_WINNER_JOB = JOBS.abWinner.name;
export const abWinnerPayload = campaignJobPayload;

type Tx = Prisma.TransactionClient;

/**
 * The start's compilation for an A/B test: variants' links joined into one tracked-link
 * table (ab-links.ts). Returns what the campaign row freezes (variant A, whose `links` is
 * the whole table) and each variant's compilation.
 */
export function abCompilations(variants: readonly { id: string; compiled: CompiledCampaign }[]) {
  const { variants: unified, links } = unifyVariantLinks(variants.map((v) => v.compiled));
  return { campaign: { ...unified[0]!, links }, variants: variants.map((v, i) => ({ id: v.id, compiled: unified[i]! })) };
}

/**
 * Inside the start transaction, after the snapshot (which gave the test share its variants
 * and HELD the rest, snapshotSql's `ab`): freezes the variants' compilations and sets when
 * the winner is due. Returns the split as abSplit computes it.
 */
export async function freezeAbTest(
  tx: Tx, tenantId: string, campaignId: string, variants: readonly { id: string; compiled: CompiledCampaign }[], recipientCount: number,
): Promise<{ test: number; held: number; dueAt: Date } | null> {
  if (variants.length < 2) return null;
  for (const v of variants) {
    await tx.campaignVariant.updateMany({ where: { id: v.id, campaignId, tenantId }, data: { compiled: v.compiled as unknown as Prisma.InputJsonValue } });
  }
  const c = await tx.campaign.findFirstOrThrow({ where: { id: campaignId, tenantId }, select: { abTestPercent: true, abWaitMinutes: true } });
  const dueAt = new Date(Date.now() + c.abWaitMinutes * 60_000);
  await tx.campaign.updateMany({ where: { id: campaignId, tenantId }, data: { abWinnerDueAt: dueAt, abWinnerVariantId: null, abWinnerChosenAt: null, abWinnerChosenBy: null } });
  const split = abSplit(recipientCount, c.abTestPercent, variants.length);
  return { test: split.test, held: split.rest, dueAt };
}

/** After the start commits: the delayed winner job (deterministic id: enqueued once). */
export async function scheduleAbWinner(tenantId: string, campaignId: string, dueAt: Date): Promise<void> {
  await enqueue('abWinner', { tenantId, campaignId }, {
    jobId: `ab-winner-${campaignId}-${dueAt.getTime()}`, delay: Math.max(0, dueAt.getTime() - Date.now()),
  });
}

/**
 * Each variant's delivered mail and human (bot-filtered) opens and clicks: Message.firstOpenAt
 * and firstClickAt are only set by human events (tracking/flush.ts), the machine ones are
 * counted from Event.machine for the report.
 */
export async function abVariantFigures(tenantId: string, campaignId: string): Promise<(VariantFigures & { machineOpens: number; machineClicks: number; queued: number; bounced: number })[]> {
  // one pass over the campaign's messages, one over its machine events
  const rows = await getDb().$queryRaw<{ id: string; label: string; sent: bigint; opens: bigint; clicks: bigint; queued: bigint; bounced: bigint; mo: bigint; mc: bigint }[]>`
    WITH m AS (
      SELECT "variantId" AS id, count(*) FILTER (WHERE status = 'SENT') AS sent,
        count(*) FILTER (WHERE "firstOpenAt" IS NOT NULL) AS opens, count(*) FILTER (WHERE "firstClickAt" IS NOT NULL) AS clicks,
        count(*) FILTER (WHERE status IN ('QUEUED', 'SENDING', 'DEFERRED')) AS queued, count(*) FILTER (WHERE status = 'BOUNCED') AS bounced
      FROM "Message" WHERE "campaignId" = ${campaignId}::uuid AND "tenantId" = ${tenantId}::uuid AND "variantId" IS NOT NULL GROUP BY 1
    ), e AS (
      SELECT m."variantId" AS id, count(*) FILTER (WHERE e.type = 'OPEN') AS mo, count(*) FILTER (WHERE e.type = 'CLICK') AS mc
      FROM "Event" e JOIN "Message" m ON m.id = e."messageId"
      WHERE e."campaignId" = ${campaignId}::uuid AND e."tenantId" = ${tenantId}::uuid AND e.machine GROUP BY 1
    )
    SELECT v.id::text, v.label, COALESCE(m.sent, 0) AS sent, COALESCE(m.opens, 0) AS opens, COALESCE(m.clicks, 0) AS clicks,
      COALESCE(m.queued, 0) AS queued, COALESCE(m.bounced, 0) AS bounced, COALESCE(e.mo, 0) AS mo, COALESCE(e.mc, 0) AS mc
    FROM "CampaignVariant" v LEFT JOIN m ON m.id = v.id LEFT JOIN e ON e.id = v.id
    WHERE v."campaignId" = ${campaignId}::uuid AND v."tenantId" = ${tenantId}::uuid ORDER BY v.label`;
  return rows.map((r) => ({
    variantId: r.id, label: r.label, sent: Number(r.sent), opens: Number(r.opens), clicks: Number(r.clicks),
    queued: Number(r.queued), bounced: Number(r.bounced), machineOpens: Number(r.mo), machineClicks: Number(r.mc),
  }));
}

export type AbWinnerResult = { chosen: boolean; variantId: string | null; label: string | null; released: number; reason?: string };

/**
 * Chooses the winner once: `by: 'AUTO'` picks by the campaign's metric (pickAbWinner, ties to
 * the earlier variant), `MANUAL` takes `variantId` (which must be one of this campaign's
 * variants, else 404). In one transaction the choice is recorded (conditional: no winner yet,
 * campaign still sending or paused, so an automatic and a manual pick cannot both win) and
 * the HELD rest becomes QUEUED with the winner; a sending campaign is then dispatched.
 */
export async function chooseAbWinner(ctx: TenantCtx, campaignId: string, input: { by: 'AUTO' } | { by: 'MANUAL'; variantId: string }): Promise<AbWinnerResult> {
  const db = tenantDb(ctx.tenantId);
  if (!z.uuid().safeParse(campaignId).success) throw notFound('Campaign');
  const c = await db.campaign.findFirst({ where: { id: campaignId }, select: { id: true, name: true, status: true, abMetric: true, abWinnerVariantId: true } });
  if (!c) throw notFound('Campaign');
  let winner: { id: string; label: string };
  let figures: VariantFigures[];
  if (input.by === 'MANUAL') {
    const v = z.uuid().safeParse(input.variantId).success
      ? await db.campaignVariant.findFirst({ where: { id: input.variantId, campaignId }, select: { id: true, label: true } })
      : null;
    if (!v) throw notFound('Variant');
    winner = v;
    figures = await abVariantFigures(ctx.tenantId, campaignId);
  } else {
    figures = await abVariantFigures(ctx.tenantId, campaignId);
    if (figures.length < 2) return { chosen: false, variantId: null, label: null, released: 0, reason: 'not an A/B test' };
    const best = pickAbWinner(figures, c.abMetric as AbMetric);
    winner = { id: best.variantId, label: best.label };
  }
  let webhooks = 0;
  const released = await getDb().$transaction(async (tx) => {
    const chosenAt = new Date();
    const n = await tx.campaign.updateMany({
      where: { id: campaignId, tenantId: ctx.tenantId, abWinnerVariantId: null, status: { in: ['SENDING', 'PAUSED', 'AUTO_PAUSED'] } },
      data: { abWinnerVariantId: winner.id, abWinnerChosenAt: chosenAt, abWinnerChosenBy: input.by },
    });
    if (n.count === 0) return null;
    const held = await tx.$executeRaw`
      UPDATE "Message" SET status = 'QUEUED', "variantId" = ${winner.id}::uuid, "updatedAt" = now()
      WHERE "campaignId" = ${campaignId}::uuid AND "tenantId" = ${ctx.tenantId}::uuid AND status = 'HELD'`;
    // In the choice's transaction: the loser of an auto/manual race records nothing. The
    // figures are the ones the choice saw (human opens and clicks per delivered mail).
    webhooks = await emitWebhookEvent(ctx.tenantId, 'campaign.ab_winner_chosen', {
      campaignId, name: c.name, variantId: winner.id, label: winner.label, metric: c.abMetric,
      chosenBy: input.by === 'AUTO' ? 'auto' : 'manual', chosenAt: chosenAt.toISOString(), released: held,
      variants: figures.map((f) => ({ variantId: f.variantId, label: f.label, sent: f.sent, opens: f.opens, clicks: f.clicks })),
    }, tx);
    return held;
  });
  await kickWebhookDispatch(webhooks);
  if (released === null) {
    const now = await db.campaign.findFirst({ where: { id: campaignId }, select: { status: true, abWinnerVariantId: true } });
    const reason = now?.abWinnerVariantId ? 'The winner was already chosen.' : `A ${now?.status.toLowerCase().replace('_', '-')} campaign gets no winner.`;
    if (input.by === 'MANUAL') {
      throw new DomainError('CONFLICT', reason)
        .withText(now?.abWinnerVariantId ? 'campaigns.abWinnerChosen' : 'campaigns.abNoWinner', { status: now?.status.toLowerCase().replace('_', '-') });
    }
    return { chosen: false, variantId: null, label: null, released: 0, reason };
  }
  // Paused: the resume dispatches what is QUEUED. Sending: dispatch the rest now.
  const after = await db.campaign.findFirst({ where: { id: campaignId }, select: { status: true } });
  if (after?.status === 'SENDING' && released > 0) {
    await enqueue('dispatchCampaign', { tenantId: ctx.tenantId, campaignId, round: 'ab' }, { jobId: `dispatch-${campaignId}-ab` });
  }
  return { chosen: true, variantId: winner.id, label: winner.label, released };
}

/** Maintenance: winners overdue by a minute (their delayed job was lost with Redis) are chosen now. */
export async function chooseDueAbWinners(now = new Date()): Promise<number> {
  const due = await getDb().campaign.findMany({
    where: { abWinnerVariantId: null, abWinnerDueAt: { lte: new Date(now.getTime() - 60_000) }, status: 'SENDING' },
    select: { id: true, tenantId: true }, take: 100,
  });
  let n = 0;
  for (const c of due) if ((await chooseAbWinner(systemCtx(c.tenantId), c.id, { by: 'AUTO' })).chosen) n++;
  return n;
}
