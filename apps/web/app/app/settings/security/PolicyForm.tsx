'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { savePolicyAction } from './actions';
import { submitKeepingValues } from '@/lib/submit-keeping-values';

type Policy = { pwMinLength: number; pwMinDigits: number; pwMinSymbols: number; pwMaxAgeDays: number | null; pwHistoryCount: number };

export function PolicyForm({ policy }: { policy: Policy }) {
  const t = useTranslations('settings.security.policy');
  const [state, action, pending] = useActionState(savePolicyAction, idle);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form method="post" onSubmit={submitKeepingValues(action)} className="stack" noValidate>
      {state.ok && <div className="alert alert-success" role="status">{state.data}</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <div className="grid-cards">
        <FormField label={t('minLength')} name="pwMinLength" type="number" min={8} max={128} defaultValue={policy.pwMinLength} hint={t('minLengthHint')} errors={errors.pwMinLength} />
        <FormField label={t('minDigits')} name="pwMinDigits" type="number" min={0} max={32} defaultValue={policy.pwMinDigits} errors={errors.pwMinDigits} />
        <FormField label={t('minSymbols')} name="pwMinSymbols" type="number" min={0} max={32} defaultValue={policy.pwMinSymbols} errors={errors.pwMinSymbols} />
        <FormField label={t('maxAge')} name="pwMaxAgeDays" type="number" min={0} max={3650} defaultValue={policy.pwMaxAgeDays ?? ''} hint={t('maxAgeHint')} errors={errors.pwMaxAgeDays} />
        <FormField label={t('history')} name="pwHistoryCount" type="number" min={0} max={24} defaultValue={policy.pwHistoryCount} hint={t('historyHint')} errors={errors.pwHistoryCount} />
      </div>
      <div><button className="btn btn-primary" disabled={pending}>{pending ? t('saving') : t('save')}</button></div>
    </form>
  );
}
