'use server';

import { revalidatePath } from 'next/cache';
import { addSenderDomain, checkSenderDomain, removeSenderDomain } from '@rundbrief/core/senders/index';
import { publishExpectedRecords } from '@rundbrief/core/senders/dev-dns';
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

/**
 * Development only: writes this domain's records into the local dev DNS (refused in core
 * when the dev DNS is off, for another tenant's domain, or a name another account added).
 */
export async function publishDevDnsAction(_: unknown, form: FormData): Promise<ActionResult<{ records: number }>> {
  return runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('ADMIN');
    const r = await publishExpectedRecords(ctx, { domainId: String(form.get('domainId') ?? '') });
    revalidatePath('/app/settings/domains');
    return r;
  });
}
