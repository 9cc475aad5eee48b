'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { createListAction } from './actions';

export function CreateListForm() {
  const t = useTranslations('lists.create');
  const [state, action, pending] = useActionState(createListAction, idle);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form action={action} className="stack card">
      <h2 className="card-title">{t('title')}</h2>
      {state.ok && <div className="alert alert-success" role="status">{t.rich('created', { link: (c) => <a href={`/app/lists/${state.data.id}`}>{c}</a> })}</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <FormField label={t('name')} name="name" required errors={errors.name} />
      <FormField label={t('description')} name="description" errors={errors.description} />
      <OptInSelect />
      <div><button className="btn btn-primary" disabled={pending}>{pending ? t('pending') : t('submit')}</button></div>
    </form>
  );
}

export function OptInSelect({ value = 'DOUBLE' }: { value?: string }) {
  const t = useTranslations('lists.optIn');
  return (
    <div className="field">
      <label className="label" htmlFor="optInMode">{t('label')}</label>
      <select id="optInMode" name="optInMode" defaultValue={value}>
        <option value="DOUBLE">{t('DOUBLE')}</option>
        <option value="CONFIRMED">{t('CONFIRMED')}</option>
        <option value="SINGLE">{t('SINGLE')}</option>
      </select>
    </div>
  );
}
