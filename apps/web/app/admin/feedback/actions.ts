'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { removeFblReporter, saveFblReporter, saveTrustedProxies, type OperatorActor } from '@rundbrief/core/platform/operator-settings';
import { requireOperator } from '@/lib/session';
import { runAction, type ActionResult, expectArgs } from '@/lib/actions';
import { clientIp } from '@/lib/client-ip';

async function operatorActor(): Promise<OperatorActor> {
  const operator = await requireOperator();
  return { userId: operator.userId, email: operator.email, ip: await clientIp(await headers()) };
}

export async function saveReporterAction(_prev: ActionResult<unknown>, formData: FormData): Promise<ActionResult<unknown>> {
  const result = await runAction(async () => {
    expectArgs({ formData });
    const actor = await operatorActor();
    await saveFblReporter(actor, { name: formData.get('name') ?? '', ips: formData.get('ips') ?? '', dkimDomains: formData.get('dkimDomains') ?? '' });
    return null;
  });
  revalidatePath('/admin/feedback');
  return result;
}

export async function removeReporterAction(_prev: ActionResult<unknown>, formData: FormData): Promise<ActionResult<unknown>> {
  const result = await runAction(async () => {
    expectArgs({ formData });
    const actor = await operatorActor();
    await removeFblReporter(actor, String(formData.get('name') ?? ''));
    return null;
  });
  revalidatePath('/admin/feedback');
  return result;
}

export async function saveProxiesAction(_prev: ActionResult<unknown>, formData: FormData): Promise<ActionResult<unknown>> {
  const result = await runAction(async () => {
    expectArgs({ formData });
    const actor = await operatorActor();
    await saveTrustedProxies(actor, { trustedProxies: formData.get('trustedProxies') ?? '' });
    return null;
  });
  revalidatePath('/admin/feedback');
  return result;
}
