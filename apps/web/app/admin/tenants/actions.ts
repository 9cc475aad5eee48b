'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { z } from 'zod';
import { getTranslations } from 'next-intl/server';
import { suspendTenant, unsuspendTenant } from '@rundbrief/core';
import { setTenantSendLimits } from '@rundbrief/core/platform/tenant-limits';
import { requireOperator } from '@/lib/session';
import { runAction, type ActionResult, expectArgs } from '@/lib/actions';
import { clientIp } from '@/lib/client-ip';

// The operator picks the tenant: its id is the use case's own argument, apart from the reason.
// Built per request: their messages are in the operator's language.
async function schemas() {
  const t = await getTranslations('admin.tenants');
  return {
    tenantIdInput: z.uuid({ error: t('unknownTenant') }),
    suspendInput: z.object({ reason: z.string().trim().min(3, t('reasonRequired')).max(500) }),
  };
}

async function operator() {
  const op = await requireOperator();
  return { userId: op.userId, email: op.email, ip: await clientIp(await headers()) };
}

export async function suspendTenantAction(_prev: ActionResult<unknown>, formData: FormData): Promise<ActionResult<unknown>> {
  const result = await runAction(async () => {
    expectArgs({ formData });
    const op = await operator();
    const { tenantIdInput, suspendInput } = await schemas();
    const tenantId = tenantIdInput.parse(formData.get('tenantId'));
    const input = suspendInput.parse({ reason: formData.get('reason') ?? '' });
    return suspendTenant({ operatorId: op.userId, operatorEmail: op.email, ip: op.ip }, tenantId, input);
  });
  revalidatePath('/admin/tenants');
  return result;
}

export async function unsuspendTenantAction(_prev: ActionResult<unknown>, formData: FormData): Promise<ActionResult<unknown>> {
  const result = await runAction(async () => {
    expectArgs({ formData });
    const op = await operator();
    const { tenantIdInput } = await schemas();
    const tenantId = tenantIdInput.parse(formData.get('tenantId'));
    return unsuspendTenant({ operatorId: op.userId, operatorEmail: op.email, ip: op.ip }, tenantId);
  });
  revalidatePath('/admin/tenants');
  return result;
}

export async function setTenantLimitsAction(_prev: ActionResult<unknown>, formData: FormData): Promise<ActionResult<unknown>> {
  const result = await runAction(async () => {
    expectArgs({ formData });
    const op = await operator();
    const { tenantIdInput } = await schemas();
    const tenantId = tenantIdInput.parse(formData.get('tenantId'));
    await setTenantSendLimits(op, tenantId, { sendRatePerMinute: formData.get('sendRatePerMinute') ?? '', dailySendLimit: formData.get('dailySendLimit') ?? '' });
    return null;
  });
  revalidatePath('/admin/tenants');
  return result;
}
