'use server';

import { revalidatePath } from 'next/cache';
import { createField, deleteField } from '@rundbrief/core';
import { requireCtx } from '@/lib/session';
import { runAction, type ActionResult, expectArgs } from '@/lib/actions';

export async function createFieldAction(_: unknown, form: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('MARKETER');
    await createField(ctx, { key: String(form.get('key') ?? ''), label: String(form.get('label') ?? ''), type: String(form.get('type') ?? 'TEXT') as 'TEXT' });
    revalidatePath('/app/fields');
    return null;
  });
}

export async function deleteFieldAction(_: unknown, form: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('MARKETER');
    await deleteField(ctx, String(form.get('id') ?? ''));
    revalidatePath('/app/fields');
    return null;
  });
}
