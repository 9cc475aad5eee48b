// Shared by the REST control routes (send, pause, resume, cancel, progress): the id is
// checked (a malformed one is a 404 like an unknown one), the core use case runs under the
// key's tenant, and the answer is the campaign's progress afterwards. The controls (a `run`,
// POST) take no body.
import { campaignId } from '@rundbrief/core/authoring/index';
import { getCampaignProgress } from '@rundbrief/core/sending/control';
import { apiRoute, type ApiContext } from '../../../../../lib/api.ts';

type P = { id: string };

export function controlRoute(scope: 'campaigns:read' | 'campaigns:write', run?: (ctx: ApiContext, campaignId: string) => Promise<unknown>, status = 200) {
  return apiRoute<P>({ scope, noBody: run !== undefined }, async ({ ctx, params }) => {
    const id = campaignId(params.id);
    if (run) await run(ctx, id);
    // texts: the codes for the app's own pages; the API says pauseReason / dailyLimit in English.
    const { texts: _texts, ...progress } = await getCampaignProgress(ctx, id);
    return Response.json(progress, { status });
  });
}
