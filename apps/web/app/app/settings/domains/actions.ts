'use server';

import { revalidatePath } from 'next/cache';
import { addSenderDomain, checkSenderDomain, removeSenderDomain } from '@rundbrief/core/senders/index';
import { requireCtx } from '@/lib/session';
import { runAction, type ActionResult, expectArgs } from '@/lib/actions';

export async function addDomainAction(_: unknown, form: FormData): Promise<ActionResult<{ domain: string }>> {
  return runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('ADMIN');
    const d = await addSenderDomain(ctx, { domain: String(form.get('domain') ?? '') });
    revalidatePath('/app/settings/domains');
    return { domain: d.domain };
  });
}

export async function checkDomainAction(_: unknown, form: FormData): Promise<ActionResult<{ verified: boolean }>> {
  return runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('ADMIN');
    const v = await checkSenderDomain(ctx, { domainId: String(form.get('domainId') ?? '') });
    revalidatePath('/app/settings/domains');
    return { verified: v.verified };
  });
}

export async function removeDomainAction(_: unknown, form: FormData): Promise<ActionResult<undefined>> {
  return runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('ADMIN');
    await removeSenderDomain(ctx, { domainId: String(form.get('domainId') ?? '') });
    revalidatePath('/app/settings/domains');
    return undefined;
  });
}
