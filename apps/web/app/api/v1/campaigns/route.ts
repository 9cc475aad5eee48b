import { campaignListQuery, createCampaign, getCampaign, listCampaigns, updateCampaign } from '@rundbrief/core/authoring/index';
import { apiRoute, readJson } from '../../../../lib/api.ts';
import { campaignCreateBody } from '../../../../lib/api-schemas.ts';
import { campaignJson } from './json.ts';

// GET /api/v1/campaigns?q=&status=&page=&pageSize=  newest first; q matches name or subject.
// -> { data, total, page, pageSize }; a bad parameter is a 422 naming it.
export const GET = apiRoute({ scope: 'campaigns:read' }, async ({ req, ctx }) => {
  const sp = new URL(req.url).searchParams;
  const query = campaignListQuery.parse(Object.fromEntries([...sp].filter(([k, v]) => v !== '' && ['q', 'status', 'page', 'pageSize'].includes(k))));
  return listCampaigns(ctx, query);
});

export const POST = apiRoute({ scope: 'campaigns:write' }, async ({ req, ctx }) => {
  const { name, templateId, ...rest } = await readJson(req, campaignCreateBody);
  const { id } = await createCampaign(ctx, { name, templateId });
  if (Object.keys(rest).length) await updateCampaign(ctx, id, rest);
  return Response.json(campaignJson(await getCampaign(ctx, id)), { status: 201 });
});
