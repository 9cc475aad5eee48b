'use server';

import { signUp } from '@rundbrief/core';
import { ok, type ActionResult, expectArgs, actionError } from '@/lib/actions';
import { accountsActionError, requestOrigin } from '@/lib/account-security';

export async function signUpAction(_: unknown, form: FormData): Promise<ActionResult<{ email: string }>> {
  try { expectArgs({ form }); } catch (err) { return actionError(err); }
  try {
    const field = (k: string) => String(form.get(k) ?? '');
    const r = await signUp({
      tenantName: field('tenantName'),
      slug: field('slug'),
      name: field('name'),
      email: field('email'),
      password: field('password'),
      ip: (await requestOrigin()).ip,
    });
    return ok({ email: field('email').trim().toLowerCase(), slug: r.slug });
  } catch (err) {
    return accountsActionError(err);
  }
}
