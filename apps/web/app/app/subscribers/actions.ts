'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { eraseSubscriber, removeFromList, resendConfirmation, updateSubscriber } from '@rundbrief/core';
import { requireCtx } from '@/lib/session';
import { runAction, type ActionResult, expectArgs } from '@/lib/actions';

export async function resendAction(_: unknown, form: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('MARKETER');
    await resendConfirmation(ctx, String(form.get('subscriptionId') ?? ''));
    return null;
  });
}

export async function removeFromListAction(_: unknown, form: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('MARKETER');
    const subscriberId = String(form.get('subscriberId') ?? '');
    await removeFromList(ctx, { subscriberId, listId: String(form.get('listId') ?? '') });
    revalidatePath(`/app/subscribers/${subscriberId}`);
    return null;
  });
}

export async function updateSubscriberAction(subscriberId: string, _: unknown, form: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    expectArgs({ form }, { subscriberId });
    const ctx = await requireCtx('MARKETER');
    const attributes: Record<string, string> = {};
    for (const [k, v] of form.entries()) if (k.startsWith('field.') && typeof v === 'string') attributes[k.slice(6)] = v;
    await updateSubscriber(ctx, subscriberId, { firstName: String(form.get('firstName') ?? ''), lastName: String(form.get('lastName') ?? ''), attributes });
    revalidatePath(`/app/subscribers/${subscriberId}`);
    return null;
  });
}

export async function eraseSubscriberAction(subscriberId: string, _: unknown): Promise<ActionResult<never>> {
  const r = await runAction(async () => {
    expectArgs({  }, { subscriberId });
    const ctx = await requireCtx('MARKETER');
    await eraseSubscriber(ctx, subscriberId);
  });
  if (!r.ok) return r;
  redirect('/app/subscribers');
}
