'use server';

import { getTranslations } from 'next-intl/server';
import { beginTotpEnrolment, changePassword, confirmTotpEnrolment, disableTotp } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { ok, type ActionResult, expectArgs, actionError } from '@/lib/actions';
import { accountsActionError, requestOrigin } from '@/lib/account-security';

// These act on the signed-in user only; they stay reachable while a password change or a
// TOTP enrolment is pending, because they are how the user resolves it.
const me = () => requireMember('VIEWER', { allowPendingSecurity: true });

export async function changePasswordAction(_: unknown, form: FormData): Promise<ActionResult<string>> {
  try { expectArgs({ form }); } catch (err) { return actionError(err); }
  try {
    const member = await me();
    await changePassword({
      userId: member.userId,
      ip: (await requestOrigin()).ip,
      currentPassword: String(form.get('currentPassword') ?? ''),
      newPassword: String(form.get('newPassword') ?? ''),
    });
    return ok((await getTranslations('settings.account'))('passwordChanged'));
  } catch (err) {
    return accountsActionError(err, 'newPassword');
  }
}

export async function beginTotpAction(): Promise<ActionResult<{ secret: string; qrDataUrl: string }>> {
  try {
    const member = await me();
    const r = await beginTotpEnrolment({ userId: member.userId });
    return ok({ secret: r.secret, qrDataUrl: r.qrDataUrl });
  } catch (err) {
    return accountsActionError(err);
  }
}

export async function confirmTotpAction(_: unknown, form: FormData): Promise<ActionResult<{ recoveryCodes: string[] }>> {
  try { expectArgs({ form }); } catch (err) { return actionError(err); }
  try {
    const member = await me();
    return ok(await confirmTotpEnrolment({ userId: member.userId, code: String(form.get('code') ?? ''), ip: (await requestOrigin()).ip }));
  } catch (err) {
    return accountsActionError(err);
  }
}

export async function disableTotpAction(_: unknown, form: FormData): Promise<ActionResult<string>> {
  try { expectArgs({ form }); } catch (err) { return actionError(err); }
  try {
    const member = await me();
    await disableTotp({ userId: member.userId, password: String(form.get('password') ?? ''), ip: (await requestOrigin()).ip });
    return ok((await getTranslations('settings.account.totp'))('turnedOff'));
  } catch (err) {
    return accountsActionError(err);
  }
}
