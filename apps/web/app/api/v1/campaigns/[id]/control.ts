// Shared by the REST control routes (send, pause, resume, cancel, progress): the id is
// checked (a malformed one is a 404 like an unknown one), the core use case runs under the
// key's tenant, and the answer is the campaign's progress afterwards.
import { campaignId } from '@rundbrief/core/authoring/index';
import { getCampaignProgress } from '@rundbrief/core/sending/control';
import { apiRoute } from '../../../../../lib/api.ts';

type P = { id: string };

export function controlRoute(scope: 'campaigns:read' | 'campaigns:write', run?: (input: { tenantId: string; campaignId: string }) => Promise<unknown>, status = 200) {
  return apiRoute<P>({ scope }, async ({ ctx, params }) => {
    const input = { tenantId: ctx.tenantId, campaignId: campaignId(params.id) };
    if (run) await run(input);
    return Response.json(await getCampaignProgress(input), { status });
  });
}
