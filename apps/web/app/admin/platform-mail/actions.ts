'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { activatePlatformDkimKey, discardPlatformDkimKey, preparePlatformDkimKey } from '@rundbrief/core/platform/platform-dkim';
import type { OperatorActor } from '@rundbrief/core/platform/operator';
import { requireOperator } from '@/lib/session';
import { runAction, type ActionResult, expectArgs } from '@/lib/actions';
import { clientIp } from '@/lib/client-ip';

async function operatorActor(): Promise<OperatorActor> {
  const operator = await requireOperator();
  return { userId: operator.userId, email: operator.email, ip: await clientIp(await headers()) };
}

/** Rotation, step 1: a new platform DKIM key whose record is shown for publishing. */
export async function preparePlatformKeyAction(_prev: ActionResult<unknown>, formData: FormData): Promise<ActionResult<unknown>> {
  const result = await runAction(async () => {
    expectArgs({ formData });
    await preparePlatformDkimKey(await operatorActor());
    return null;
  });
  revalidatePath('/admin/platform-mail');
  return result;
}

/** Rotation, step 2: the prepared key signs platform mail (refused until DNS serves it). */
export async function activatePlatformKeyAction(_prev: ActionResult<unknown>, formData: FormData): Promise<ActionResult<unknown>> {
  const result = await runAction(async () => {
    expectArgs({ formData });
    await activatePlatformDkimKey(await operatorActor());
    return null;
  });
  revalidatePath('/admin/platform-mail');
  return result;
}

export async function discardPlatformKeyAction(_prev: ActionResult<unknown>, formData: FormData): Promise<ActionResult<unknown>> {
  const result = await runAction(async () => {
    expectArgs({ formData });
    await discardPlatformDkimKey(await operatorActor());
    return null;
  });
  revalidatePath('/admin/platform-mail');
  return result;
}
