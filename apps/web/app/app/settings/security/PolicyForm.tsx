'use client';

import { useActionState } from 'react';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { savePolicyAction } from './actions';
import { submitKeepingValues } from '@/lib/submit-keeping-values';

type Policy = { pwMinLength: number; pwMinDigits: number; pwMinSymbols: number; pwMaxAgeDays: number | null; pwHistoryCount: number };

export function PolicyForm({ policy }: { policy: Policy }) {
  const [state, action, pending] = useActionState(savePolicyAction, idle);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form method="post" onSubmit={submitKeepingValues(action)} className="stack" noValidate>
      {state.ok && <div className="alert alert-success" role="status">{state.data}</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <div className="grid-cards">
        <FormField label="Minimum length" name="pwMinLength" type="number" min={8} max={128} defaultValue={policy.pwMinLength} hint="8 or more (default 12)" errors={errors.pwMinLength} />
        <FormField label="Minimum digits" name="pwMinDigits" type="number" min={0} max={32} defaultValue={policy.pwMinDigits} errors={errors.pwMinDigits} />
        <FormField label="Minimum symbols" name="pwMinSymbols" type="number" min={0} max={32} defaultValue={policy.pwMinSymbols} errors={errors.pwMinSymbols} />
        <FormField label="Maximum age (days)" name="pwMaxAgeDays" type="number" min={0} max={3650} defaultValue={policy.pwMaxAgeDays ?? ''} hint="Empty or 0: passwords never expire. Expired passwords must be changed at the next sign-in." errors={errors.pwMaxAgeDays} />
        <FormField label="Password history" name="pwHistoryCount" type="number" min={0} max={24} defaultValue={policy.pwHistoryCount} hint="Refuse the last N passwords (0: off)" errors={errors.pwHistoryCount} />
      </div>
      <div><button className="btn btn-primary" disabled={pending}>{pending ? 'Saving…' : 'Save policy'}</button></div>
    </form>
  );
}
