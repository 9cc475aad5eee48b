import { deleteWebhookEndpoint, getWebhookEndpoint, updateWebhookEndpoint, webhookEndpointPatch } from '@rundbrief/core/webhooks/endpoints';
import { apiRoute, readJson } from '../../../../../lib/api.ts';

type P = { id: string };

export const GET = apiRoute<P>({ scope: 'webhooks:manage' }, async ({ ctx, params }) => getWebhookEndpoint(ctx, params.id));

export const PATCH = apiRoute<P>({ scope: 'webhooks:manage' }, async ({ req, ctx, params }) => {
  const body = await readJson(req, webhookEndpointPatch);
  return updateWebhookEndpoint(ctx, params.id, body);
});

export const DELETE = apiRoute<P>({ scope: 'webhooks:manage', noBody: true }, async ({ ctx, params }) => {
  await deleteWebhookEndpoint(ctx, params.id);
});
