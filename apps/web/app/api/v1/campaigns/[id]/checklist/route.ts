import { checkCampaign } from '@rundbrief/core/authoring/index';
import { apiRoute } from '../../../../../../lib/api.ts';

export const GET = apiRoute<{ id: string }>({ scope: 'campaigns:read' }, async ({ ctx, params }) => {
  const { items, issues, sendable } = await checkCampaign(ctx, params.id);
  return { sendable, items, issues };
});
