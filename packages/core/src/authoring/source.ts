// Loads what compileCampaign needs for a stored campaign: its content plus the tenant's
// imprint and custom field keys (which merge tags exist).
import { getDb, tenantDb } from '@rundbrief/db';
import type { CampaignSource } from '@rundbrief/mailer/render/index';
import { z } from 'zod';
import type { TenantCtx } from '../context.ts';
import { notFound } from '../errors.ts';
import { IMPRINT_SELECT, mailImprint } from '../accounts/company.ts';

export async function tenantMergeContext(tenantId: string): Promise<{ imprint: string | null; customFields: string[] }> {
  const [tenant, fields] = await Promise.all([
    getDb().tenant.findUnique({ where: { id: tenantId }, select: IMPRINT_SELECT }),
    tenantDb(tenantId).customField.findMany({ select: { key: true } }),
  ]);
  return { imprint: tenant ? mailImprint(tenant) : null, customFields: fields.map((f) => f.key) };
}

export async function loadCampaignSource(ctx: TenantCtx, campaignId: string): Promise<CampaignSource> {
  const id = z.uuid().safeParse(campaignId);
  const c = id.success ? await tenantDb(ctx.tenantId).campaign.findFirst({ where: { id: id.data } }) : null;
  if (!c) throw notFound('Campaign');
  return {
    subject: c.subject,
    preheader: c.preheader,
    mjml: c.mjml,
    textOverride: c.textOverride,
    trackClicks: c.trackClicks,
    trackOpens: c.trackOpens,
    ...(await tenantMergeContext(ctx.tenantId)),
  };
}
