// The A/B part of a campaign's report: each variant's figures side by side (delivered,
// human opens and clicks and their rates, machine opens and clicks left out), the winner
// and how it was chosen, or while waiting when it will be. Tenant-filtered; null when the
// campaign is no A/B test.
import { getDb, tenantDb } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { abRate, AB_TIE_RULE, type AbMetric } from '../campaigns/ab-rules.ts';
import { abVariantFigures } from '../campaigns/ab-send.ts';
import { loadReportCampaign } from './campaign-report.ts';

export async function getAbReport(ctx: TenantCtx, campaignId: string) {
  await loadReportCampaign(ctx, campaignId);
  const c = await tenantDb(ctx.tenantId).campaign.findFirst({
    where: { id: campaignId },
    select: {
      status: true, subject: true, preheader: true, abDiffers: true, abTestPercent: true, abMetric: true, abWaitMinutes: true, abWinnerDueAt: true,
      abWinnerVariantId: true, abWinnerChosenAt: true, abWinnerChosenBy: true,
      variants: { select: { id: true, label: true, subject: true, preheader: true }, orderBy: { label: 'asc' } },
    },
  });
  if (!c || c.variants.length < 2) return null;
  const [figures, held] = await Promise.all([
    abVariantFigures(ctx.tenantId, campaignId),
    getDb().message.count({ where: { campaignId, tenantId: ctx.tenantId, status: 'HELD' } }),
  ]);
  const metric = c.abMetric as AbMetric;
  const winner = c.variants.find((v) => v.id === c.abWinnerVariantId) ?? null;
  return {
    metric, testPercent: c.abTestPercent, waitMinutes: c.abWaitMinutes, differs: c.abDiffers, tieRule: AB_TIE_RULE,
    dueAt: c.abWinnerDueAt, held,
    /** The marketer may pick while the rest waits: a winner not yet chosen, campaign sending or paused. */
    canPick: !winner && ['SENDING', 'PAUSED', 'AUTO_PAUSED'].includes(c.status),
    winner: winner && { id: winner.id, label: winner.label, by: c.abWinnerChosenBy, at: c.abWinnerChosenAt },
    variants: c.variants.map((v) => {
      const f = figures.find((x) => x.variantId === v.id) ?? { variantId: v.id, label: v.label, sent: 0, opens: 0, clicks: 0, queued: 0, bounced: 0, machineOpens: 0, machineClicks: 0 };
      return {
        id: v.id, label: v.label,
        subject: c.abDiffers.includes('subject') ? v.subject : c.subject,
        preheader: c.abDiffers.includes('preheader') ? v.preheader : c.preheader,
        sent: f.sent, queued: f.queued, bounced: f.bounced, opens: f.opens, clicks: f.clicks, machineOpens: f.machineOpens, machineClicks: f.machineClicks,
        openRate: abRate(f, 'OPEN'), clickRate: abRate(f, 'CLICK'), rate: abRate(f, metric),
        winner: v.id === c.abWinnerVariantId,
      };
    }),
  };
}
export type AbReport = NonNullable<Awaited<ReturnType<typeof getAbReport>>>;
