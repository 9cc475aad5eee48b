// Campaign drafts: content, sender, audience, tracking. Only drafts can be edited; a
// scheduled campaign must be cancelled back to a draft first (its checklist passed for
// exactly the content it has).
import { CampaignStatus, Prisma, tenantDb } from '@rundbrief/db';
import { z } from 'zod';
import type { TenantCtx } from '../context.ts';
import { DomainError, notFound } from '../errors.ts';
import { escapeLike } from '../like.ts';
import { segmentSchema, type Segment } from '../campaigns/audience.ts';
import { starterTemplates } from './starters.ts';
import { DEFAULT_LOCALE, isLocale } from '../i18n/locales.ts';
import { abTestInput } from '../campaigns/ab-rules.ts';
import { getAbTest, writeAbTest } from '../campaigns/ab-test.ts';
import { zodText } from '../texts.ts';

export const campaignUpdateInput = z.object({
  name: z.string().trim().min(1, zodText('campaigns.nameRequired', 'Enter a name.')).max(200).optional(),
  subject: z.string().trim().max(998, zodText('campaigns.subjectTooLong', 'The subject is limited to 998 characters.')).refine((s) => !/[\r\n]/.test(s), zodText('campaigns.subjectOneLine', 'The subject cannot contain line breaks.')).optional(),
  preheader: z.string().trim().max(255, zodText('campaigns.preheaderTooLong', 'The preheader is limited to 255 characters.')).nullish(),
  identityId: z.uuid().nullish(),
  listIds: z.array(z.uuid()).max(50).optional(),
  segment: segmentSchema.nullish(),
  mjml: z.string().max(1_000_000, zodText('campaigns.contentTooLarge', 'The content is larger than 1 MB.')).optional(),
  textOverride: z.string().max(200_000).nullish(),
  trackOpens: z.boolean().optional(),
  trackClicks: z.boolean().optional(),
  reengagement: z.boolean().optional(),
  /** A/B test: 2-4 variants and their settings; null turns the test off. */
  abTest: abTestInput.nullish(),
});
export type CampaignUpdate = z.input<typeof campaignUpdateInput>;

export const campaignId = (v: string) => {
  const r = z.uuid().safeParse(v);
  if (!r.success) throw notFound('Campaign');
  return r.data;
};

/** Without a template: the newsletter starter in `language` (the user's UI language; else English). */
export async function createCampaign(ctx: TenantCtx, input: { name: string; templateId?: string | null; language?: string }) {
  const db = tenantDb(ctx.tenantId);
  let mjml: string = starterTemplates(isLocale(input.language) ? input.language : DEFAULT_LOCALE).newsletter.mjml;
  if (input.templateId) {
    const t = z.uuid().safeParse(input.templateId).success ? await db.template.findFirst({ where: { id: input.templateId } }) : null;
    if (!t) throw notFound('Template');
    mjml = t.mjml;
  }
  const name = z.string().trim().min(1, zodText('campaigns.nameRequired', 'Enter a name.')).max(200).parse(input.name);
  return db.campaign.create({ data: { tenantId: ctx.tenantId, name, subject: '', mjml }, select: { id: true } });
}

export async function getCampaign(ctx: TenantCtx, id: string) {
  const c = await tenantDb(ctx.tenantId).campaign.findFirst({
    where: { id: campaignId(id) },
    include: {
      lists: { select: { listId: true } },
      identity: { include: { domain: { select: { domain: true, verifiedAt: true, dkimStatus: true, spfStatus: true } } } },
    },
  });
  if (!c) throw notFound('Campaign');
  return { ...c, listIds: c.lists.map((l) => l.listId), segment: (c.segment as Segment | null) ?? null, abTest: await getAbTest(ctx, c.id) };
}
export type CampaignDetail = Awaited<ReturnType<typeof getCampaign>>;

/** The statuses in schema order (from the generated enum, never a second list). */
export const CAMPAIGN_STATUSES = Object.values(CampaignStatus);

/** Search, status filter and page of the campaign list (browser and REST API). */
export const campaignListQuery = z.object({
  q: z.string().trim().max(200, zodText('campaigns.searchTooLong', 'Search for at most 200 characters.')).optional().transform((v) => v || undefined),
  status: z.enum(CampaignStatus, { error: `Status must be one of ${CAMPAIGN_STATUSES.join(', ')}.` }).optional(),
  page: z.coerce.number({ error: 'page must be a number.' }).int().min(1, 'page starts at 1.').default(1),
  pageSize: z.coerce.number({ error: 'pageSize must be a number.' }).int().min(1).max(200, 'pageSize is at most 200.').default(25),
});
export type CampaignListQuery = z.input<typeof campaignListQuery>;

/**
 * A page of the tenant's campaigns, newest first: `q` matches name or subject (case-insensitive,
 * literally: % and _ are not wildcards), `status` one status. `total` counts all matches.
 */
export async function listCampaigns(ctx: TenantCtx, query: CampaignListQuery = {}) {
  const { q, status, page, pageSize } = campaignListQuery.parse(query);
  const where: Prisma.CampaignWhereInput = {
    ...(status ? { status } : {}),
    ...(q ? { OR: [{ name: { contains: escapeLike(q), mode: 'insensitive' } }, { subject: { contains: escapeLike(q), mode: 'insensitive' } }] } : {}),
  };
  const db = tenantDb(ctx.tenantId);
  const [data, total] = await Promise.all([
    db.campaign.findMany({
      where,
      select: { id: true, name: true, subject: true, status: true, scheduledAt: true, timezone: true, recipientCount: true, sentCount: true, updatedAt: true, createdAt: true },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    db.campaign.count({ where }),
  ]);
  return { data, total, page, pageSize };
}

/** `update` is client data: parsed here, so nothing in it can name the tenant or another campaign. */
export async function updateCampaign(ctx: TenantCtx, targetId: string, update: CampaignUpdate) {
  const data = campaignUpdateInput.parse(update);
  const id = campaignId(targetId);
  const db = tenantDb(ctx.tenantId);
  const current = await db.campaign.findFirst({ where: { id }, select: { status: true } });
  if (!current) throw notFound('Campaign');
  if (current.status !== 'DRAFT') {
    throw new DomainError('CONFLICT', current.status === 'SCHEDULED' ? 'Cancel the scheduled send before editing.' : `A ${current.status.toLowerCase()} campaign cannot be edited.`)
      .withText(current.status === 'SCHEDULED' ? 'campaigns.cancelScheduleFirst' : 'campaigns.notEditable', { status: current.status.toLowerCase() });
  }
  if (data.identityId && !(await db.senderIdentity.findFirst({ where: { id: data.identityId }, select: { id: true } }))) throw notFound('Sender identity');
  if (data.listIds?.length) {
    const owned = await db.list.count({ where: { id: { in: data.listIds } } });
    if (owned !== new Set(data.listIds).size) throw notFound('List');
  }
  const { listIds, segment, abTest, ...fields } = data;
  await db.$transaction(async (tx) => {
    // conditional on DRAFT: a concurrent schedule wins, the edit is refused
    const { count } = await tx.campaign.updateMany({
      where: { id, tenantId: ctx.tenantId, status: 'DRAFT' },
      data: { ...fields, ...(segment !== undefined ? { segment: segment === null || !segment.rules.length ? Prisma.DbNull : (segment as Prisma.InputJsonValue) } : {}) },
    });
    if (count === 0) throw new DomainError('CONFLICT', 'The campaign was scheduled meanwhile; cancel the schedule to edit it.').withText('campaigns.scheduledMeanwhile');
    if (listIds) {
      await tx.campaignList.deleteMany({ where: { campaignId: id, campaign: { tenantId: ctx.tenantId } } });
      if (listIds.length) await tx.campaignList.createMany({ data: [...new Set(listIds)].map((listId) => ({ campaignId: id, listId })) });
    }
    await writeAbTest(tx, ctx.tenantId, id, abTest);
  });
  return getCampaign(ctx, id);
}

export async function deleteCampaign(ctx: TenantCtx, targetId: string) {
  const id = campaignId(targetId);
  const db = tenantDb(ctx.tenantId);
  const { count } = await db.campaign.deleteMany({ where: { id, status: { in: ['DRAFT', 'CANCELLED'] } } });
  if (count === 0) {
    if (await db.campaign.findFirst({ where: { id }, select: { id: true } })) throw new DomainError('CONFLICT', 'Only drafts can be deleted.').withText('campaigns.onlyDraftsDeleted');
    throw notFound('Campaign');
  }
}
