'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { idle } from '@/lib/action-result';
import type { PasswordPolicy } from '@rundbrief/core/accounts/password-rules';
import { PasswordField } from '@/components/PasswordField';
import { resetPasswordAction } from '../actions';
import { submitKeepingValues } from '@/lib/submit-keeping-values';

export function ResetForm({ token, email, policy }: { token: string; email: string; policy: PasswordPolicy }) {
  const t = useTranslations('auth.reset');
  const [state, action, pending] = useActionState(resetPasswordAction.bind(null, token), idle);
  if (state.ok) {
    return (
      <div className="stack">
        <div className="alert alert-success" role="status">{t('changed')}</div>
        <Link className="btn btn-primary" href="/login">{t('signIn')}</Link>
      </div>
    );
  }
  return (
    <form method="post" onSubmit={submitKeepingValues(action)} className="stack" noValidate>
      {state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <PasswordField name="password" label={t('newPassword')} policy={policy} userInputs={[email, ...email.split(/[@.]/)]} errors={state.fieldErrors.password} />
      <button className="btn btn-primary" disabled={pending}>{pending ? t('saving') : t('save')}</button>
    </form>
  );
}
