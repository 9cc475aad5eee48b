// POST /api/v1/campaigns/{id}/resume: a paused campaign sends what is left (409 otherwise).
import { resumeCampaign } from '@rundbrief/core/sending/control';
import { controlRoute } from '../control.ts';

export const POST = controlRoute('campaigns:write', resumeCampaign);
