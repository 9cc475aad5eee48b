'use client';

import { useActionState, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import type { PasswordPolicy } from '@rundbrief/core/accounts/password-rules';
import { FormField } from '@/components/FormField';
import { PasswordField } from '@/components/PasswordField';
import { signUpAction } from './actions';
import { submitKeepingValues } from '@/lib/submit-keeping-values';
import { useSignInAfter } from '@/lib/use-sign-in-after';

const slugify = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);

export function SignUpForm({ policy }: { policy: PasswordPolicy }) {
  const t = useTranslations('auth.signup');
  const [state, action, pending] = useActionState(signUpAction, idle);
  const [slug, setSlug] = useState('');
  const [slugTouched, setSlugTouched] = useState(false);
  const [email, setEmail] = useState('');
  const password = useRef('');

  useSignInAfter(state, password);

  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form method="post" onSubmit={submitKeepingValues(action, (f) => { password.current = String(f.get('password') ?? ''); })} className="stack" noValidate>
      {state.ok && <div className="alert alert-success" role="status">{t('created')}</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <FormField label={t('organisation')} name="tenantName" required autoComplete="organization" errors={errors.tenantName}
        onChange={(e) => { if (!slugTouched) setSlug(slugify(e.currentTarget.value)); }} />
      <FormField label={t('slug')} name="slug" required value={slug} hint={t('slugHint')} errors={errors.slug}
        onChange={(e) => { setSlugTouched(true); setSlug(e.currentTarget.value); }} />
      <FormField label={t('name')} name="name" autoComplete="name" errors={errors.name} />
      <FormField label={t('email')} name="email" type="email" required autoComplete="email" errors={errors.email} value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
      <PasswordField name="password" label={t('password')} policy={policy} userInputs={[email, slug]} errors={errors.password} />
      <button className="btn btn-primary" disabled={pending || state.ok} style={{ width: '100%' }}>{pending ? t('submitting') : t('submit')}</button>
    </form>
  );
}
