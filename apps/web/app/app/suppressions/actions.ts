'use server';

import { revalidatePath } from 'next/cache';
import { removeSuppression, suppressAddress } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { runAction, type ActionResult } from '@/lib/actions';

export async function addSuppressionAction(_: unknown, form: FormData): Promise<ActionResult<{ email: string | null }>> {
  return runAction(async () => {
    const { tenantId, email: actor } = await requireMember('MARKETER');
    const row = await suppressAddress({ tenantId, email: String(form.get('email') ?? ''), reason: 'MANUAL', source: `ui:${actor}`, note: String(form.get('note') ?? '') || undefined });
    revalidatePath('/app/suppressions');
    return { email: row.email };
  });
}

export async function removeSuppressionAction(_: unknown, form: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    const { tenantId, userId, email } = await requireMember('MARKETER');
    await removeSuppression({ tenantId, id: String(form.get('id') ?? ''), reason: String(form.get('reason') ?? ''), userId, actor: email });
    revalidatePath('/app/suppressions');
    return null;
  });
}
