'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { z } from 'zod';
import { suspendTenant, unsuspendTenant } from '@rundbrief/core';
import { requireOperator } from '@/lib/session';
import { runAction, type ActionResult } from '@/lib/actions';
import { clientIp } from '@/lib/client-ip';

const suspendInput = z.object({ tenantId: z.uuid(), reason: z.string().trim().min(3, 'Give a reason (the tenant sees it).').max(500) });

export async function suspendTenantAction(_prev: ActionResult<unknown>, formData: FormData): Promise<ActionResult<unknown>> {
  const operator = await requireOperator();
  const ip = await clientIp(await headers());
  const result = await runAction(async () => {
    const input = suspendInput.parse({ tenantId: formData.get('tenantId'), reason: formData.get('reason') ?? '' });
    return suspendTenant({ ...input, operatorId: operator.userId, operatorEmail: operator.email, ip });
  });
  revalidatePath('/admin/tenants');
  return result;
}

export async function unsuspendTenantAction(_prev: ActionResult<unknown>, formData: FormData): Promise<ActionResult<unknown>> {
  const operator = await requireOperator();
  const ip = await clientIp(await headers());
  const result = await runAction(async () => {
    const tenantId = z.uuid().parse(formData.get('tenantId'));
    return unsuspendTenant({ tenantId, operatorId: operator.userId, operatorEmail: operator.email, ip });
  });
  revalidatePath('/admin/tenants');
  return result;
}
