import { z } from 'zod';
import { createCampaign, getCampaign, listCampaigns, updateCampaign, campaignUpdateInput } from '@rundbrief/core/authoring/index';
import { apiRoute, readJson } from '../../../../lib/api.ts';
import { campaignJson } from './json.ts';

export const GET = apiRoute({ scope: 'campaigns:read' }, async ({ ctx }) => ({ data: await listCampaigns({ tenantId: ctx.tenantId }) }));

const createBody = campaignUpdateInput.extend({ name: z.string().trim().min(1).max(200), templateId: z.uuid().optional() });

export const POST = apiRoute({ scope: 'campaigns:write' }, async ({ req, ctx }) => {
  const { name, templateId, ...rest } = await readJson(req, createBody);
  const { id } = await createCampaign({ tenantId: ctx.tenantId, name, templateId });
  if (Object.keys(rest).length) await updateCampaign({ tenantId: ctx.tenantId, campaignId: id, ...rest });
  return Response.json(campaignJson(await getCampaign({ tenantId: ctx.tenantId, campaignId: id })), { status: 201 });
});
