import { deleteList, getList, listInput, updateList } from '@rundbrief/core';
import { apiRoute, readJson } from '../../../../../lib/api.ts';

type P = { id: string };
const view = (l: { id: string; name: string; description: string | null; optInMode: string; language: string; publicId: string; createdAt: Date }) =>
  ({ id: l.id, name: l.name, description: l.description, optInMode: l.optInMode, language: l.language, formId: l.publicId, createdAt: l.createdAt });

export const GET = apiRoute<P>({ scope: 'lists:read' }, async ({ ctx, params }) => view(await getList(ctx, params.id)));

export const PATCH = apiRoute<P>({ scope: 'lists:write' }, async ({ req, ctx, params }) => {
  const body = await readJson(req, listInput);
  return view(await updateList(ctx, params.id, body));
});

export const DELETE = apiRoute<P>({ scope: 'lists:write', noBody: true }, async ({ ctx, params }) => {
  await deleteList(ctx, params.id);
});
