// GET: subscriber with subscriptions (consent proof); PATCH: names/attributes;
// DELETE: GDPR erasure (keeps a hashed suppression). Another tenant's id is a 404.
import { eraseSubscriber, getSubscriber, subscriberUpdateSchema, updateSubscriber } from '@rundbrief/core';
import { apiRoute, readJson } from '../../../../../lib/api.ts';

type P = { id: string };

export const GET = apiRoute<P>({ scope: 'subscribers:read' }, async ({ ctx, params }) => {
  const { subscriber: s } = await getSubscriber(ctx, params.id);
  return {
    id: s.id, email: s.email, firstName: s.firstName, lastName: s.lastName, attributes: s.attributes, status: s.status,
    lastActivityAt: s.lastActivityAt, createdAt: s.createdAt,
    subscriptions: s.subscriptions.map((x) => ({
      listId: x.listId, list: x.list.name, status: x.status, source: x.source, requestedAt: x.requestedAt, requestIp: x.requestIp,
      confirmedAt: x.confirmedAt, confirmIp: x.confirmIp, unsubscribedAt: x.unsubscribedAt,
    })),
  };
});

export const PATCH = apiRoute<P>({ scope: 'subscribers:write' }, async ({ req, ctx, params }) => {
  const body = await readJson(req, subscriberUpdateSchema);
  await getSubscriber(ctx, params.id);
  const s = await updateSubscriber(ctx, params.id, body);
  return { id: s.id, email: s.email, firstName: s.firstName, lastName: s.lastName, attributes: s.attributes, status: s.status };
});

export const DELETE = apiRoute<P>({ scope: 'subscribers:write', noBody: true }, async ({ ctx, params }) => {
  await getSubscriber(ctx, params.id);
  await eraseSubscriber({ tenantId: ctx.tenantId, actor: 'api' }, params.id);
});
