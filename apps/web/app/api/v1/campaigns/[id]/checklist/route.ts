import { checkCampaign } from '@rundbrief/core/authoring/index';
import { apiRoute } from '../../../../../../lib/api.ts';

export const GET = apiRoute<{ id: string }>({ scope: 'campaigns:read' }, async ({ ctx, params }) => {
  const { items, issues, sendable } = await checkCampaign(ctx, params.id);
  // text / variant: codes for the app's own pages; the API gives the English message.
  return { sendable, items: items.map(({ text: _text, variant: _variant, ...item }) => item), issues };
});
