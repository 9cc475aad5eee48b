'use server';

import { revalidatePath } from 'next/cache';
import { acknowledgeAlert } from '@rundbrief/core/platform/alerts';
import { requireOperatorActor } from '@/lib/operator-actor';
import { runAction, type ActionResult, expectArgs, actionError } from '@/lib/actions';

export async function acknowledgeAlertOnListAction(_prev: ActionResult<unknown>, formData: FormData): Promise<ActionResult<void>> {
  try { expectArgs({ formData }); } catch (err) { return actionError(err); }
  const actor = await requireOperatorActor();
  const result = await runAction(() => acknowledgeAlert(actor, { alertId: String(formData.get('alertId') ?? '') }));
  revalidatePath('/admin/alerts');
  revalidatePath('/admin');
  return result;
}
