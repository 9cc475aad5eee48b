'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { addSubscriberByHand, createList, deleteList, getList, previewListMail, startImport, updateList, type ListMailKind } from '@rundbrief/core';
import type { Preview } from '@rundbrief/core/authoring/index';
import { requireCtx } from '@/lib/session';
import { runAction, type ActionResult, expectArgs } from '@/lib/actions';

const str = (form: FormData, k: string) => { const v = form.get(k); return typeof v === 'string' ? v : undefined; };

export async function createListAction(_: unknown, form: FormData): Promise<ActionResult<{ id: string }>> {
  return runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('MARKETER');
    const list = await createList(ctx, { name: str(form, 'name') ?? '', description: str(form, 'description') || null, optInMode: (str(form, 'optInMode') ?? 'DOUBLE') as 'DOUBLE' });
    revalidatePath('/app/lists');
    return { id: list.id };
  });
}

export async function updateListAction(listId: string, _: unknown, form: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    expectArgs({ form }, { listId });
    const ctx = await requireCtx('MARKETER');
    const num = (k: string) => (str(form, k) ? Number(str(form, k)) : undefined);
    await updateList(ctx, listId, { name: str(form, 'name') ?? '', description: str(form, 'description') || null, optInMode: (str(form, 'optInMode') ?? 'DOUBLE') as 'DOUBLE', language: (str(form, 'language') || undefined) as 'en' | undefined, formSettings: Object.fromEntries(Object.entries({ minFillSeconds: num('minFillSeconds'), ipLimit: num('ipLimit'), listLimit: num('listLimit') }).filter(([, v]) => v !== undefined)) });
    revalidatePath(`/app/lists/${listId}`);
    return null;
  });
}

/** One person by hand, through the list's consent flow (a double opt-in list mails a confirmation link). */
export async function addSubscriberAction(listId: string, _: unknown, form: FormData): Promise<ActionResult<{ email: string; status: 'PENDING' | 'CONFIRMED' }>> {
  return runAction(async () => {
    expectArgs({ form }, { listId });
    const ctx = await requireCtx('MARKETER');
    const r = await addSubscriberByHand(ctx, listId, { email: str(form, 'email') ?? '', firstName: str(form, 'firstName'), lastName: str(form, 'lastName') });
    revalidatePath(`/app/lists/${listId}`);
    return { email: r.email, status: r.status };
  });
}

const mailKind = z.enum(['confirmation', 'welcome']);

/** Saves one of the list's mails; problems come back on the `<kind>Subject` / `<kind>Mjml` fields. */
export async function saveListMailAction(listId: string, kind: ListMailKind, _: unknown, form: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    expectArgs({ form }, { listId, kind });
    const ctx = await requireCtx('MARKETER');
    const k = mailKind.parse(kind);
    const list = await getList(ctx, listId);
    await updateList(ctx, listId, { name: list.name, description: list.description, optInMode: list.optInMode, ...(k === 'confirmation'
        ? { confirmationSubject: str(form, 'subject') ?? null, confirmationMjml: str(form, 'mjml') ?? null }
        : { welcomeEnabled: form.get('enabled') === 'on', welcomeSubject: str(form, 'subject') ?? null, welcomeMjml: str(form, 'mjml') ?? null }) });
    revalidatePath(`/app/lists/${listId}`);
    return null;
  });
}

const previewInput = z.object({ mjml: z.string().max(1_000_000), subject: z.string().max(998).optional() });

/** Live preview of a list mail with a sample recipient (nothing is saved). */
export async function previewListMailAction(listId: string, kind: ListMailKind, input: z.input<typeof previewInput>): Promise<ActionResult<Preview>> {
  return runAction(async () => {
    expectArgs({  }, { listId, kind });
    const ctx = await requireCtx('MARKETER');
    const list = await getList(ctx, listId);
    return previewListMail(ctx, { kind: mailKind.parse(kind), listName: list.name, language: list.language, ...previewInput.parse(input) });
  });
}

export async function deleteListAction(listId: string, _: unknown): Promise<ActionResult<never>> {
  const r = await runAction(async () => {
    expectArgs({  }, { listId });
    const ctx = await requireCtx('MARKETER');
    await deleteList(ctx, listId);
  });
  if (!r.ok) return r;
  revalidatePath('/app/lists');
  redirect('/app/lists');
}

export async function startImportAction(listId: string, importId: string, _: unknown, form: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    expectArgs({ form }, { listId, importId });
    const ctx = await requireCtx('MARKETER');
    const fields: Record<string, string> = {};
    for (const [k, v] of form.entries()) if (k.startsWith('field.') && typeof v === 'string' && v) fields[k.slice(6)] = v;
    await startImport(ctx, importId, { attestation: str(form, 'attestation') ?? '', consentMode: str(form, 'consentMode') === 'OPT_IN_MAIL' ? 'OPT_IN_MAIL' : 'ATTEST', mapping: { email: str(form, 'email') ?? '', firstName: str(form, 'firstName') || undefined, lastName: str(form, 'lastName') || undefined, fields } });
    revalidatePath(`/app/lists/${listId}/imports/${importId}`);
    return null;
  });
}
