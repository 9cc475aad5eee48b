import { campaignUpdateInput, deleteCampaign, getCampaign, updateCampaign } from '@rundbrief/core/authoring/index';
import { apiRoute, readJson } from '../../../../../lib/api.ts';
import { campaignJson } from '../json.ts';

type P = { id: string };

export const GET = apiRoute<P>({ scope: 'campaigns:read' }, async ({ ctx, params }) =>
  campaignJson(await getCampaign(ctx, params.id)));

export const PATCH = apiRoute<P>({ scope: 'campaigns:write' }, async ({ req, ctx, params }) => {
  const body = await readJson(req, campaignUpdateInput);
  return campaignJson(await updateCampaign(ctx, params.id, body));
});

export const DELETE = apiRoute<P>({ scope: 'campaigns:write', noBody: true }, async ({ ctx, params }) => {
  await deleteCampaign(ctx, params.id);
});
