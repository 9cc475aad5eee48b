import { createList, listInput, listLists } from '@rundbrief/core';
import { apiRoute, readJson } from '../../../../lib/api.ts';

const view = (l: { id: string; name: string; description: string | null; optInMode: string; language: string; publicId: string; createdAt: Date }) =>
  ({ id: l.id, name: l.name, description: l.description, optInMode: l.optInMode, language: l.language, formId: l.publicId, createdAt: l.createdAt });

export const GET = apiRoute({ scope: 'lists:read' }, async ({ ctx }) => {
  const lists = await listLists(ctx);
  return { lists: lists.map((l) => ({ ...view(l), confirmed: l.confirmed, pending: l.pending, unsubscribed: l.unsubscribed })) };
});

export const POST = apiRoute({ scope: 'lists:write' }, async ({ req, ctx }) => {
  const body = await readJson(req, listInput);
  return Response.json(view(await createList(ctx, body)), { status: 201 });
});
