'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { createFieldAction } from './actions';

const TYPES = ['TEXT', 'NUMBER', 'DATE', 'BOOLEAN'] as const;

export function CreateFieldForm() {
  const t = useTranslations('fields.form');
  const [state, action, pending] = useActionState(createFieldAction, idle);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form action={action} className="stack card">
      <h2 className="card-title">{t('title')}</h2>
      {state.ok && <div className="alert alert-success" role="status">{t('created')}</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <FormField label={t('key')} name="key" placeholder={t('keyPlaceholder')} required errors={errors.key} hint={t('keyHint')} />
      <FormField label={t('label')} name="label" placeholder={t('labelPlaceholder')} required errors={errors.label} />
      <div className="field">
        <label className="label" htmlFor="type">{t('type')}</label>
        <select id="type" name="type" defaultValue="TEXT">
          {TYPES.map((ty) => <option key={ty} value={ty}>{t(`types.${ty}`)}</option>)}
        </select>
      </div>
      <div><button className="btn btn-primary" disabled={pending}>{t('submit')}</button></div>
    </form>
  );
}
