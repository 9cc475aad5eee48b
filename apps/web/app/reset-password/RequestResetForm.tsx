'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { requestResetAction } from './actions';
import { submitKeepingValues } from '@/lib/submit-keeping-values';

export function RequestResetForm() {
  const t = useTranslations('auth.reset');
  const [state, action, pending] = useActionState(requestResetAction, idle);
  if (state.ok) return <div className="alert alert-success" role="status">{t('sent')}</div>;
  return (
    <form method="post" onSubmit={submitKeepingValues(action)} className="stack" noValidate>
      {state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <FormField label={t('email')} name="email" type="email" autoComplete="email" required errors={state.fieldErrors.email} />
      <button className="btn btn-primary" disabled={pending}>{pending ? t('submitting') : t('submit')}</button>
    </form>
  );
}
