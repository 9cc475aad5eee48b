'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { addDevDnsRecord, removeDevDnsRecord } from '@rundbrief/core/senders/dev-dns';
import type { OperatorActor } from '@rundbrief/core/platform/operator';
import { requireOperator } from '@/lib/session';
import { runAction, type ActionResult, expectArgs } from '@/lib/actions';
import { clientIp } from '@/lib/client-ip';

async function operatorActor(): Promise<OperatorActor> {
  const operator = await requireOperator();
  return { userId: operator.userId, email: operator.email, ip: await clientIp(await headers()) };
}

export async function addDevDnsRecordAction(_prev: ActionResult<unknown>, form: FormData): Promise<ActionResult<{ name: string; type: string }>> {
  const result = await runAction(async () => {
    expectArgs({ form });
    const r = await addDevDnsRecord(await operatorActor(), {
      name: form.get('name') ?? '', type: form.get('type') ?? '', value: form.get('value') ?? '', priority: form.get('priority') ?? '',
    });
    return { name: r.name, type: r.type };
  });
  revalidatePath('/dev/dns');
  return result;
}

export async function removeDevDnsRecordAction(_prev: ActionResult<unknown>, form: FormData): Promise<ActionResult<null>> {
  const result = await runAction(async () => {
    expectArgs({ form });
    await removeDevDnsRecord(await operatorActor(), String(form.get('recordId') ?? ''));
    return null;
  });
  revalidatePath('/dev/dns');
  return result;
}
