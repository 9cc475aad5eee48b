// GET /api/v1/subscribers?q=&status=&listId=&cursor=&limit=  (keyset pages)
// POST /api/v1/subscribers {email, listIds[], firstName?, lastName?, attributes?}: subscribes
// through the consent flow (double opt-in unless the list is in CONFIRMED mode).
import { listSubscribers, subscribe } from '@rundbrief/core';
import { apiRoute, readJson } from '../../../../lib/api.ts';
import { clientIp } from '../../../../lib/client-ip.ts';
import { subscriberCreateBody, subscriberListQuery } from '../../../../lib/api-schemas.ts';

export const GET = apiRoute({ scope: 'subscribers:read' }, async ({ req, ctx }) => {
  const { cursor, limit, ...filter } = subscriberListQuery.parse(Object.fromEntries([...new URL(req.url).searchParams].filter(([, v]) => v !== '')));
  return listSubscribers(ctx, { filter, cursor: cursor ?? null, limit });
});

export const POST = apiRoute({ scope: 'subscribers:write' }, async ({ req, ctx }) => {
  const body = await readJson(req, subscriberCreateBody);
  const results = [];
  for (const listId of body.listIds) {
    results.push({ listId, ...(await subscribe(ctx, {
      listId, email: body.email, firstName: body.firstName, lastName: body.lastName, attributes: body.attributes,
      source: 'API', ip: body.ip ?? (await clientIp(req.headers)), userAgent: body.userAgent ?? req.headers.get('user-agent'),
    })) });
  }
  return Response.json({ subscriptions: results }, { status: 201 });
});
