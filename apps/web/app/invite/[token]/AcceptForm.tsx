'use client';

import { useActionState, useEffect, useRef } from 'react';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { idle } from '@/lib/action-result';
import type { PasswordPolicy } from '@rundbrief/core/accounts/password-rules';
import { FormField } from '@/components/FormField';
import { PasswordField } from '@/components/PasswordField';
import { acceptInvitationAction } from './actions';
import { submitKeepingValues } from '@/lib/submit-keeping-values';

export function AcceptForm({ token, email, existingUser, policy }: { token: string; email: string; existingUser: boolean; policy: PasswordPolicy }) {
  const router = useRouter();
  const [state, action, pending] = useActionState(acceptInvitationAction.bind(null, token), idle);
  const password = useRef('');

  useEffect(() => {
    if (!state.ok) return;
    // Users with TOTP finish signing in on the login page (it asks for the code).
    void signIn('credentials', { redirect: false, email: state.data.email, password: password.current }).then((r) => {
      router.replace(r && !r.error ? '/app' : '/login');
    });
  }, [state, router]);

  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form method="post" onSubmit={submitKeepingValues(action, (f) => { password.current = String(f.get('password') ?? ''); })} className="stack" noValidate>
      {state.ok && <div className="alert alert-success" role="status">Welcome aboard. Signing you in…</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      {existingUser ? (
        <>
          <p className="muted">You already have a Rundbrief account. Confirm with its password to join.</p>
          <PasswordField name="password" label="Your password" autoComplete="current-password" errors={errors.password} />
        </>
      ) : (
        <>
          <FormField label="Your name" name="name" autoComplete="name" errors={errors.name} />
          <PasswordField name="password" label="Choose a password" policy={policy} userInputs={[email, ...email.split(/[@.]/)]} errors={errors.password} />
        </>
      )}
      <button className="btn btn-primary" disabled={pending || state.ok} style={{ width: '100%' }}>{pending ? 'Joining…' : 'Accept invitation'}</button>
    </form>
  );
}
