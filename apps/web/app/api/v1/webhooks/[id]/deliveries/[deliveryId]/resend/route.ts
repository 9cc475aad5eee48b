// POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/resend: the delivery is due again now
// (same webhook-id, a fresh retry window); the worker makes the attempt. A delivery of another
// endpoint, or of another account, is a 404.
import { resendWebhookDelivery } from '@rundbrief/core/webhooks/endpoints';
import { apiRoute } from '../../../../../../../../lib/api.ts';

export const POST = apiRoute<{ id: string; deliveryId: string }>({ scope: 'webhooks:manage', noBody: true }, async ({ ctx, params }) =>
  Response.json(await resendWebhookDelivery(ctx, params.deliveryId, { endpointId: params.id }), { status: 202 }));
