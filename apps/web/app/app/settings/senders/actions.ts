'use server';

import { revalidatePath } from 'next/cache';
import { createSenderIdentity, removeSenderIdentity } from '@rundbrief/core/senders/index';
import { requireCtx } from '@/lib/session';
import { runAction, type ActionResult, expectArgs } from '@/lib/actions';

export async function createIdentityAction(_: unknown, form: FormData): Promise<ActionResult<{ fromName: string }>> {
  return runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('ADMIN');
    const i = await createSenderIdentity(ctx, {
      domainId: String(form.get('domainId') ?? ''),
      fromName: String(form.get('fromName') ?? ''),
      localPart: String(form.get('localPart') ?? ''),
      replyTo: String(form.get('replyTo') ?? ''),
    });
    revalidatePath('/app/settings/senders');
    return { fromName: i.fromName };
  });
}

export async function removeIdentityAction(_: unknown, form: FormData): Promise<ActionResult<undefined>> {
  return runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('ADMIN');
    await removeSenderIdentity(ctx, { identityId: String(form.get('identityId') ?? '') });
    revalidatePath('/app/settings/senders');
    return undefined;
  });
}
