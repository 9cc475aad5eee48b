'use server';

import { revalidatePath } from 'next/cache';
import { addSenderDomain, checkSenderDomain, removeSenderDomain } from '@rundbrief/core/senders/index';
import { requireMember } from '@/lib/session';
import { runAction, type ActionResult } from '@/lib/actions';

export async function addDomainAction(_: unknown, form: FormData): Promise<ActionResult<{ domain: string }>> {
  return runAction(async () => {
    const { tenantId } = await requireMember('ADMIN');
    const d = await addSenderDomain({ tenantId, domain: String(form.get('domain') ?? '') });
    revalidatePath('/app/settings/domains');
    return { domain: d.domain };
  });
}

export async function checkDomainAction(_: unknown, form: FormData): Promise<ActionResult<{ verified: boolean }>> {
  return runAction(async () => {
    const { tenantId } = await requireMember('ADMIN');
    const v = await checkSenderDomain({ tenantId, domainId: String(form.get('domainId') ?? '') });
    revalidatePath('/app/settings/domains');
    return { verified: v.verified };
  });
}

export async function removeDomainAction(_: unknown, form: FormData): Promise<ActionResult<undefined>> {
  return runAction(async () => {
    const { tenantId } = await requireMember('ADMIN');
    await removeSenderDomain({ tenantId, domainId: String(form.get('domainId') ?? '') });
    revalidatePath('/app/settings/domains');
    return undefined;
  });
}
