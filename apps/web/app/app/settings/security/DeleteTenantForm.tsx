'use client';

import { useActionState, useEffect } from 'react';
import { signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { submitKeepingValues } from '@/lib/submit-keeping-values';
import { FormField } from '@/components/FormField';
import { deleteTenantAction } from './actions';

export function DeleteTenantForm({ slug }: { slug: string }) {
  const t = useTranslations('settings.security.delete');
  const [state, action, pending] = useActionState(deleteTenantAction, idle);
  useEffect(() => {
    if (state.ok) void signOut({ callbackUrl: '/login' });
  }, [state.ok]);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form method="post" onSubmit={submitKeepingValues(action)} className="stack" noValidate>
      {state.ok && <div className="alert alert-success" role="status">{state.data}</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <p>{t('body')}</p>
      <FormField label={t('confirmLabel', { slug })} name="confirmSlug" autoComplete="off" errors={errors.confirmSlug} />
      <div><button className="btn btn-danger" disabled={pending || state.ok}>{t('submit')}</button></div>
    </form>
  );
}
