// POST /api/v1/campaigns/{id}/cancel: nothing more is sent; cannot be undone (409 when the
// campaign is already finished).
import { cancelCampaign } from '@rundbrief/core/sending/control';
import { controlRoute } from '../control.ts';

export const POST = controlRoute('campaigns:write', cancelCampaign);
