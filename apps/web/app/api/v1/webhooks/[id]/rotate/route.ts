// POST /api/v1/webhooks/{id}/rotate: a new signing secret, answered once; the previous one
// keeps signing beside it until previousSecretExpiresAt (as in Settings → Webhooks).
import { rotateWebhookSecret } from '@rundbrief/core/webhooks/endpoints';
import { apiRoute } from '../../../../../../lib/api.ts';

export const POST = apiRoute<{ id: string }>({ scope: 'webhooks:manage', noBody: true }, async ({ ctx, params }) => {
  const { secret, previousSecretExpiresAt } = await rotateWebhookSecret(ctx, params.id);
  return Response.json({ id: params.id, secret, previousSecretExpiresAt }, { headers: { 'cache-control': 'no-store' } });
});
