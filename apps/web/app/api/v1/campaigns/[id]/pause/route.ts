// POST /api/v1/campaigns/{id}/pause: a sending campaign stops within seconds (409 otherwise).
import { pauseCampaign } from '@rundbrief/core/sending/control';
import { PAUSED_BY_API } from '@rundbrief/core/sending/pause-reason';
import { controlRoute } from '../control.ts';

export const POST = controlRoute('campaigns:write', (ctx, campaignId) => pauseCampaign(ctx, campaignId, { reason: PAUSED_BY_API }));
