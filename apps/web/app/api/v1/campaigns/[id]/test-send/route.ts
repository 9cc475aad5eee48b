import { sendTestCampaign, testSendInput } from '@rundbrief/core/authoring/index';
import { apiRoute, readJson } from '../../../../../../lib/api.ts';

export const POST = apiRoute<{ id: string }>({ scope: 'campaigns:write' }, async ({ req, ctx, params }) => {
  const { recipients } = await readJson(req, testSendInput);
  return sendTestCampaign(ctx, params.id, { recipients });
});
