'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { checkSendingIpNow, checkSendingIps } from '@rundbrief/core/platform/blocklist';
import { clearIpBlockForDomain } from '@rundbrief/core/platform/ip-blocks';
import { requireOperator } from '@/lib/session';
import { runAction, type ActionResult, expectArgs } from '@/lib/actions';

const refresh = () => {
  revalidatePath('/admin/ips');
  revalidatePath('/admin');
};

export async function checkIpNowAction(_prev: ActionResult<unknown>, formData: FormData): Promise<ActionResult<void>> {
  await requireOperator();
  const result = await runAction(async () => {
    expectArgs({ formData });
    await checkSendingIpNow(String(formData.get('sendingIpId') ?? ''));
  });
  refresh();
  return result;
}

export async function checkAllIpsAction(_prev: ActionResult<unknown>): Promise<ActionResult<void>> {
  await requireOperator();
  const result = await runAction(async () => {
    await checkSendingIps();
  });
  refresh();
  return result;
}

const restSchema = z.object({ ip: z.string().min(1).max(64), domain: z.string().min(1).max(253) });

export async function endIpRestAction(_prev: ActionResult<unknown>, formData: FormData): Promise<ActionResult<void>> {
  await requireOperator();
  const result = await runAction(async () => {
    expectArgs({ formData });
    const { ip, domain } = restSchema.parse(Object.fromEntries(formData));
    await clearIpBlockForDomain(ip, domain);
  });
  refresh();
  return result;
}
