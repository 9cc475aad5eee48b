'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { z } from 'zod';
import { checkSendingIpNow, checkSendingIpsNow } from '@rundbrief/core/platform/blocklist';
import { endIpRest } from '@rundbrief/core/platform/ip-blocks';
import { addSendingIp, editSendingIp, setSendingIpEnabled } from '@rundbrief/core/platform/sending-ips';
import type { OperatorActor } from '@rundbrief/core/platform/operator';
import { clientIp } from '@/lib/client-ip';
import { requireOperator } from '@/lib/session';
import { runAction, type ActionResult, expectArgs } from '@/lib/actions';

const refresh = () => {
  revalidatePath('/admin/ips');
  revalidatePath('/admin');
};

export async function checkIpNowAction(_prev: ActionResult<unknown>, formData: FormData): Promise<ActionResult<void>> {
  const result = await runAction(async () => {
    expectArgs({ formData });
    await checkSendingIpNow(await operatorActor(), String(formData.get('sendingIpId') ?? ''));
  });
  refresh();
  return result;
}

export async function checkAllIpsAction(_prev: ActionResult<unknown>): Promise<ActionResult<void>> {
  const result = await runAction(async () => {
    await checkSendingIpsNow(await operatorActor());
  });
  refresh();
  return result;
}

const restSchema = z.object({ ip: z.string().min(1).max(64), domain: z.string().min(1).max(253) });

export async function endIpRestAction(_prev: ActionResult<unknown>, formData: FormData): Promise<ActionResult<void>> {
  const result = await runAction(async () => {
    expectArgs({ formData });
    const actor = await operatorActor();
    const { ip, domain } = restSchema.parse(Object.fromEntries(formData));
    await endIpRest(actor, ip, domain);
  });
  refresh();
  return result;
}

async function operatorActor(): Promise<OperatorActor> {
  const operator = await requireOperator();
  return { userId: operator.userId, email: operator.email, ip: await clientIp(await headers()) };
}

const ipFields = (formData: FormData) => ({ heloName: formData.get('heloName') ?? '', dailyLimit: formData.get('dailyLimit') ?? '' });

export async function addIpAction(_prev: ActionResult<unknown>, formData: FormData): Promise<ActionResult<unknown>> {
  const result = await runAction(async () => {
    expectArgs({ formData });
    await addSendingIp(await operatorActor(), { address: formData.get('address') ?? '', ...ipFields(formData) });
    return null;
  });
  refresh();
  return result;
}

export async function editIpAction(_prev: ActionResult<unknown>, formData: FormData): Promise<ActionResult<unknown>> {
  const result = await runAction(async () => {
    expectArgs({ formData });
    await editSendingIp(await operatorActor(), String(formData.get('sendingIpId') ?? ''), ipFields(formData));
    return null;
  });
  refresh();
  return result;
}

export async function setIpEnabledAction(_prev: ActionResult<unknown>, formData: FormData): Promise<ActionResult<unknown>> {
  const result = await runAction(async () => {
    expectArgs({ formData });
    await setSendingIpEnabled(await operatorActor(), String(formData.get('sendingIpId') ?? ''), formData.get('enabled') === 'true');
    return null;
  });
  refresh();
  return result;
}
