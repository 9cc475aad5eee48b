// GET /api/v1/webhooks/{id}/deliveries?status=&cursor=&limit=  the endpoint's delivery log,
// newest first, in keyset pages like /api/v1/subscribers; each delivery with its latest attempts.
import { endpointDeliveryQuery, listEndpointDeliveries } from '@rundbrief/core/webhooks/endpoints';
import { apiRoute } from '../../../../../../lib/api.ts';

const KEYS = Object.keys(endpointDeliveryQuery.shape);

export const GET = apiRoute<{ id: string }>({ scope: 'webhooks:manage' }, async ({ req, ctx, params }) => {
  const query = endpointDeliveryQuery.parse(Object.fromEntries([...new URL(req.url).searchParams].filter(([k, v]) => v !== '' && KEYS.includes(k))));
  return listEndpointDeliveries(ctx, params.id, query);
});
