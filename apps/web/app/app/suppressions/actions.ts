'use server';

import { revalidatePath } from 'next/cache';
import { removeSuppression, suppressAddress } from '@rundbrief/core';
import { requireCtx } from '@/lib/session';
import { runAction, type ActionResult, expectArgs } from '@/lib/actions';

export async function addSuppressionAction(_: unknown, form: FormData): Promise<ActionResult<{ email: string | null }>> {
  return runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('MARKETER');
    const row = await suppressAddress(ctx, { email: String(form.get('email') ?? ''), reason: 'MANUAL', source: `ui:${ctx.actor}`, note: String(form.get('note') ?? '') || undefined });
    revalidatePath('/app/suppressions');
    return { email: row.email };
  });
}

export async function removeSuppressionAction(_: unknown, form: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('MARKETER');
    await removeSuppression(ctx, { id: String(form.get('id') ?? ''), reason: String(form.get('reason') ?? '') });
    revalidatePath('/app/suppressions');
    return null;
  });
}
