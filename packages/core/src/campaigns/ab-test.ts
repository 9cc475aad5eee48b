// A/B test settings of a campaign draft: what differs, the test share, the metric, the wait,
// and the 2-4 variants. Written with the rest of the draft (updateCampaign) in one
// transaction; `null` turns the test off.
import { tenantDb, type Prisma } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { AB_LABELS, abTestInput, type AbDiffer, type AbMetric, type AbTestInput } from './ab-rules.ts';

export type AbVariant = { id: string; label: string; subject: string | null; preheader: string | null; mjml: string | null };
export type AbSettings = {
  differs: AbDiffer[]; testPercent: number; metric: AbMetric; waitMinutes: number; variants: AbVariant[];
  winnerVariantId: string | null; winnerChosenAt: Date | null; winnerChosenBy: 'AUTO' | 'MANUAL' | null; winnerDueAt: Date | null;
};

/** The campaign's A/B test, or null when it has none (fewer than 2 variants). */
export async function getAbTest(ctx: TenantCtx, campaignId: string): Promise<AbSettings | null> {
  const db = tenantDb(ctx.tenantId);
  const c = await db.campaign.findFirst({
    where: { id: campaignId },
    select: {
      abDiffers: true, abTestPercent: true, abMetric: true, abWaitMinutes: true, abWinnerVariantId: true, abWinnerChosenAt: true,
      abWinnerChosenBy: true, abWinnerDueAt: true,
      variants: { select: { id: true, label: true, subject: true, preheader: true, mjml: true }, orderBy: { label: 'asc' } },
    },
  });
  if (!c || c.variants.length < 2) return null;
  return {
    differs: c.abDiffers.filter((d): d is AbDiffer => d === 'subject' || d === 'preheader' || d === 'content'),
    testPercent: c.abTestPercent, metric: c.abMetric, waitMinutes: c.abWaitMinutes, variants: c.variants,
    winnerVariantId: c.abWinnerVariantId, winnerChosenAt: c.abWinnerChosenAt, winnerChosenBy: c.abWinnerChosenBy, winnerDueAt: c.abWinnerDueAt,
  };
}

/** The content a variant is sent with: its own field where it differs, else the campaign's. */
export function variantSource<T extends { subject: string; preheader?: string | null; mjml: string }>(
  campaign: T, differs: readonly string[], v: Pick<AbVariant, 'subject' | 'preheader' | 'mjml'>,
): T {
  return {
    ...campaign,
    subject: differs.includes('subject') ? v.subject ?? '' : campaign.subject,
    preheader: differs.includes('preheader') ? v.preheader ?? null : campaign.preheader ?? null,
    mjml: differs.includes('content') ? v.mjml ?? '' : campaign.mjml,
  };
}

/** Parses client data (throws ZodError with paths like variants.1.subject for the form). */
export function parseAbTest(input: AbTestInput | null | undefined) {
  return input == null ? input : abTestInput.parse(input);
}

/**
 * Inside the draft's update transaction (the caller checked DRAFT): replaces the variants.
 * Fields that do not differ are stored null, so a later change of the campaign's own
 * subject or content reaches every variant.
 */
type AbTx = {
  campaignVariant: { deleteMany(a: { where: Prisma.CampaignVariantWhereInput }): Promise<unknown>; createMany(a: { data: Prisma.CampaignVariantCreateManyInput[] }): Promise<unknown> };
  campaign: { updateMany(a: { where: Prisma.CampaignWhereInput; data: Prisma.CampaignUpdateManyMutationInput }): Promise<unknown> };
};

export async function writeAbTest(tx: AbTx, tenantId: string, campaignId: string, ab: ReturnType<typeof parseAbTest>): Promise<void> {
  if (ab === undefined) return;
  await tx.campaignVariant.deleteMany({ where: { campaignId, tenantId } });
  if (ab === null) {
    await tx.campaign.updateMany({ where: { id: campaignId, tenantId }, data: { abDiffers: [] } });
    return;
  }
  await tx.campaign.updateMany({
    where: { id: campaignId, tenantId },
    data: { abDiffers: [...new Set(ab.differs)], abTestPercent: ab.testPercent, abMetric: ab.metric, abWaitMinutes: ab.waitMinutes },
  });
  await tx.campaignVariant.createMany({
    data: ab.variants.map((v, i) => ({
      tenantId, campaignId, label: AB_LABELS[i]!,
      subject: ab.differs.includes('subject') ? v.subject?.trim() || null : null,
      preheader: ab.differs.includes('preheader') ? v.preheader?.trim() || null : null,
      mjml: ab.differs.includes('content') ? v.mjml ?? null : null,
    })),
  });
}
