import { cancelScheduledCampaign, scheduleCampaign, scheduleInput } from '@rundbrief/core/authoring/index';
import { apiRoute, readJson } from '../../../../../../lib/api.ts';

type P = { id: string };

/** { "sendAt": "2026-12-01T09:00", "timezone": "Europe/Berlin" } -> 412 with the reasons if the checklist blocks. */
export const POST = apiRoute<P>({ scope: 'campaigns:write' }, async ({ req, ctx, params }) => {
  const body = await readJson(req, scheduleInput);
  return scheduleCampaign(ctx, params.id, body);
});

export const DELETE = apiRoute<P>({ scope: 'campaigns:write', noBody: true }, async ({ ctx, params }) => {
  await cancelScheduledCampaign(ctx, params.id);
});
