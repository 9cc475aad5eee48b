// POST /api/v1/campaigns/{id}/send: send now. The checklist runs first (412 with the reasons
// when it blocks); 202 with the progress: the worker snapshots the audience within seconds.
import { assertSendable } from '@rundbrief/core/authoring/sendable';
import { requestCampaignSend } from '@rundbrief/core/sending/start';
import { controlRoute } from '../control.ts';

export const POST = controlRoute('campaigns:write', (ctx, campaignId) => requestCampaignSend(ctx, { campaignId }, { assertSendable }), 202);
