'use client';

import { useActionState, useRef } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import type { PasswordPolicy } from '@rundbrief/core/accounts/password-rules';
import { FormField } from '@/components/FormField';
import { PasswordField } from '@/components/PasswordField';
import { acceptInvitationAction } from './actions';
import { submitKeepingValues } from '@/lib/submit-keeping-values';
import { useSignInAfter } from '@/lib/use-sign-in-after';

export function AcceptForm({ token, email, existingUser, policy }: { token: string; email: string; existingUser: boolean; policy: PasswordPolicy }) {
  const [state, action, pending] = useActionState(acceptInvitationAction.bind(null, token), idle);
  const t = useTranslations('auth.invite');
  const password = useRef('');

  useSignInAfter(state, password);

  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form method="post" onSubmit={submitKeepingValues(action, (f) => { password.current = String(f.get('password') ?? ''); })} className="stack" noValidate>
      {state.ok && <div className="alert alert-success" role="status">{t('welcome')}</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      {existingUser ? (
        <>
          <p className="muted">{t('existingUser')}</p>
          <PasswordField name="password" label={t('yourPassword')} autoComplete="current-password" errors={errors.password} />
        </>
      ) : (
        <>
          <FormField label={t('name')} name="name" autoComplete="name" errors={errors.name} />
          <PasswordField name="password" label={t('choosePassword')} policy={policy} userInputs={[email, ...email.split(/[@.]/)]} errors={errors.password} />
        </>
      )}
      <button className="btn btn-primary" disabled={pending || state.ok} style={{ width: '100%' }}>{pending ? t('submitting') : t('submit')}</button>
    </form>
  );
}
