'use server';

import { requestPasswordReset, resetPassword } from '@rundbrief/core';
import { ok, type ActionResult, expectArgs, actionError } from '@/lib/actions';
import { accountsActionError, requestOrigin } from '@/lib/account-security';

export async function requestResetAction(_: unknown, form: FormData): Promise<ActionResult<string>> {
  try { expectArgs({ form }); } catch (err) { return actionError(err); }
  try {
    await requestPasswordReset({ email: String(form.get('email') ?? ''), ip: (await requestOrigin()).ip });
    // Same answer whether or not the address has an account.
    return ok('If an account exists for this address, we sent it a link to choose a new password. The link expires in one hour.');
  } catch (err) {
    return accountsActionError(err, 'email');
  }
}

export async function resetPasswordAction(token: string, _: unknown, form: FormData): Promise<ActionResult<string>> {
  try { expectArgs({ form }, { token }); } catch (err) { return actionError(err); }
  try {
    await resetPassword({ token, newPassword: String(form.get('password') ?? ''), ip: (await requestOrigin()).ip });
    return ok('Your password was changed. Sign in with the new password.');
  } catch (err) {
    return accountsActionError(err);
  }
}
