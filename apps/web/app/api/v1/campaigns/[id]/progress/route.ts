// GET /api/v1/campaigns/{id}/progress: sent / deferred / bounced / failed / skipped /
// ambiguous / remaining and percent, as the campaign page shows them.
import { controlRoute } from '../control.ts';

export const GET = controlRoute('campaigns:read');
