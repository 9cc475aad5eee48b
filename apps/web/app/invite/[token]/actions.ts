'use server';

import { acceptInvitation } from '@rundbrief/core';
import { ok, type ActionResult, expectArgs, actionError } from '@/lib/actions';
import { accountsActionError, requestOrigin } from '@/lib/account-security';

export async function acceptInvitationAction(token: string, _: unknown, form: FormData): Promise<ActionResult<{ email: string }>> {
  try { expectArgs({ form }, { token }); } catch (err) { return actionError(err); }
  try {
    const r = await acceptInvitation({
      token,
      password: String(form.get('password') ?? ''),
      name: String(form.get('name') ?? ''),
      ip: (await requestOrigin()).ip,
    });
    return ok({ email: r.email });
  } catch (err) {
    return accountsActionError(err);
  }
}
