import { createWebhookEndpoint, listWebhookEndpoints, webhookEndpointInput } from '@rundbrief/core/webhooks/endpoints';
import { apiRoute, readJson } from '../../../../lib/api.ts';

export const GET = apiRoute({ scope: 'webhooks:manage' }, async ({ ctx }) => ({ data: await listWebhookEndpoints(ctx) }));

export const POST = apiRoute({ scope: 'webhooks:manage' }, async ({ req, ctx }) => {
  const body = await readJson(req, webhookEndpointInput);
  const { endpoint, secret } = await createWebhookEndpoint(ctx, body);
  return Response.json({ ...endpoint, secret }, { status: 201 });
});
