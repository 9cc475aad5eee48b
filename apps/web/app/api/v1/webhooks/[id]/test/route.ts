// POST /api/v1/webhooks/{id}/test: a webhook.test event to this endpoint only, delivered like
// any other (signed, retried, logged).
import { sendTestWebhook } from '@rundbrief/core/webhooks/endpoints';
import { apiRoute } from '../../../../../../lib/api.ts';

export const POST = apiRoute<{ id: string }>({ scope: 'webhooks:manage', noBody: true }, async ({ ctx, params }) =>
  Response.json(await sendTestWebhook(ctx, params.id), { status: 202 }));
