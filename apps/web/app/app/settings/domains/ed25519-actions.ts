'use server';

import { revalidatePath } from 'next/cache';
import { addEd25519Key } from '@rundbrief/core/senders/index';
import { requireCtx } from '@/lib/session';
import { runAction, type ActionResult, expectArgs } from '@/lib/actions';

/** Gives a domain added before Ed25519 keys existed its Ed25519 DKIM key (RFC 8463). */
export async function addEd25519KeyAction(_: unknown, form: FormData): Promise<ActionResult<{ selector: string }>> {
  return runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('ADMIN');
    const r = await addEd25519Key(ctx, { domainId: String(form.get('domainId') ?? '') });
    revalidatePath('/app/settings/domains');
    return r;
  });
}
