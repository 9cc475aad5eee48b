'use server';

import { revalidatePath } from 'next/cache';
import { acknowledgeAlert } from '@rundbrief/core/platform/alerts';
import { requireOperator } from '@/lib/session';
import { runAction, type ActionResult, expectArgs, actionError } from '@/lib/actions';

export async function acknowledgeAlertAction(_prev: ActionResult<unknown>, formData: FormData): Promise<ActionResult<void>> {
  try { expectArgs({ formData }); } catch (err) { return actionError(err); }
  const operator = await requireOperator();
  const result = await runAction(() => acknowledgeAlert({ alertId: String(formData.get('alertId') ?? ''), operatorUserId: operator.userId }));
  revalidatePath('/admin');
  return result;
}
