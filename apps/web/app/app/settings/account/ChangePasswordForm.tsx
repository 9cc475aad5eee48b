'use client';

import { useActionState, useEffect } from 'react';
import { signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import type { PasswordPolicy } from '@rundbrief/core/accounts/password-rules';
import { PasswordField } from '@/components/PasswordField';
import { changePasswordAction } from './actions';
import { submitKeepingValues } from '@/lib/submit-keeping-values';

export function ChangePasswordForm({ policy, email }: { policy: PasswordPolicy; email: string }) {
  const t = useTranslations('settings.account');
  const [state, action, pending] = useActionState(changePasswordAction, idle);
  // The change bumped sessionVersion, so this session is already dead: sign out cleanly.
  useEffect(() => {
    if (!state.ok) return;
    const timer = setTimeout(() => void signOut({ callbackUrl: '/login' }), 2500);
    return () => clearTimeout(timer);
  }, [state.ok]);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form method="post" onSubmit={submitKeepingValues(action)} className="stack" noValidate>
      {state.ok && <div className="alert alert-success" role="status">{state.data}</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <PasswordField name="currentPassword" label={t('currentPassword')} autoComplete="current-password" errors={errors.currentPassword} />
      <PasswordField name="newPassword" label={t('newPassword')} policy={policy} userInputs={[email, ...email.split(/[@.]/)]} errors={errors.newPassword} />
      <div><button className="btn btn-primary" disabled={pending || state.ok}>{pending ? t('saving') : t('changePassword')}</button></div>
    </form>
  );
}
