'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { addBlockedEntry, removeBlockedEntry } from '@rundbrief/core/platform/platform-blocklist';
import type { OperatorActor } from '@rundbrief/core/platform/operator';
import { requireOperator } from '@/lib/session';
import { runAction, type ActionResult, expectArgs } from '@/lib/actions';
import { clientIp } from '@/lib/client-ip';

async function operatorActor(): Promise<OperatorActor> {
  const operator = await requireOperator();
  return { userId: operator.userId, email: operator.email, ip: await clientIp(await headers()) };
}

export async function addBlockedAction(_prev: ActionResult<unknown>, formData: FormData): Promise<ActionResult<unknown>> {
  const result = await runAction(async () => {
    expectArgs({ formData });
    await addBlockedEntry(await operatorActor(), { value: formData.get('value') ?? '', kind: formData.get('kind') ?? '', note: formData.get('note') ?? '' });
    return null;
  });
  revalidatePath('/admin/blocklist');
  return result;
}

export async function removeBlockedAction(_prev: ActionResult<unknown>, formData: FormData): Promise<ActionResult<unknown>> {
  const result = await runAction(async () => {
    expectArgs({ formData });
    await removeBlockedEntry(await operatorActor(), String(formData.get('entryId') ?? ''));
    return null;
  });
  revalidatePath('/admin/blocklist');
  return result;
}
