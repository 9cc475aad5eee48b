// GET /api/v1/subscribers?q=&status=&listId=&cursor=&limit=  (keyset pages)
// POST /api/v1/subscribers {email, listIds[], firstName?, lastName?, attributes?}: subscribes
// through the consent flow (double opt-in unless the list is in CONFIRMED mode).
import { z } from 'zod';
import { listSubscribers, subscribe, subscriberFilterSchema } from '@rundbrief/core';
import { apiRoute, readJson } from '../../../../lib/api.ts';
import { clientIp } from '../../../../lib/client-ip.ts';

export const GET = apiRoute({ scope: 'subscribers:read' }, async ({ req, ctx }) => {
  const sp = new URL(req.url).searchParams;
  const filter = subscriberFilterSchema.parse(Object.fromEntries([...sp].filter(([k, v]) => v !== '' && k !== 'cursor' && k !== 'limit')));
  const limit = z.coerce.number().int().min(1).max(500).default(50).parse(sp.get('limit') ?? undefined);
  return listSubscribers(ctx, { filter, cursor: sp.get('cursor'), limit });
});

const createSchema = z.object({
  email: z.string().min(3).max(320),
  listIds: z.array(z.uuid()).min(1).max(20),
  firstName: z.string().max(100).optional(),
  lastName: z.string().max(100).optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  /** Consent proof of the original request, when the integrator relays a signup. */
  ip: z.string().max(64).optional(),
  userAgent: z.string().max(500).optional(),
});

export const POST = apiRoute({ scope: 'subscribers:write' }, async ({ req, ctx }) => {
  const body = await readJson(req, createSchema);
  const results = [];
  for (const listId of body.listIds) {
    results.push({ listId, ...(await subscribe(ctx, {
      listId, email: body.email, firstName: body.firstName, lastName: body.lastName, attributes: body.attributes,
      source: 'API', ip: body.ip ?? (await clientIp(req.headers)), userAgent: body.userAgent ?? req.headers.get('user-agent'),
    })) });
  }
  return Response.json({ subscriptions: results }, { status: 201 });
});
