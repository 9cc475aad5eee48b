'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { OptInSelect } from '../CreateListForm';
import { updateListAction } from '../actions';
import { ListLanguageSelect } from './ListLanguageSelect';

type Props = {
  list: { id: string; name: string; description: string | null; optInMode: string; language: string };
  settings: { minFillSeconds: number; ipLimit: number; listLimit: number };
};

export function EditListForm({ list, settings }: Props) {
  const t = useTranslations('lists.settings');
  const [state, action, pending] = useActionState(updateListAction.bind(null, list.id), idle);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form action={action} className="stack card">
      <h2 className="card-title">{t('title')}</h2>
      {state.ok && <div className="alert alert-success" role="status">{t('saved')}</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <FormField label={t('name')} name="name" defaultValue={list.name} required errors={errors.name} />
      <FormField label={t('description')} name="description" defaultValue={list.description ?? ''} errors={errors.description} />
      <OptInSelect value={list.optInMode} />
      <ListLanguageSelect value={list.language} />
      <FormField label={t('minFill')} name="minFillSeconds" type="number" min={0} max={60} defaultValue={settings.minFillSeconds} hint={t('minFillHint')} />
      <FormField label={t('ipLimit')} name="ipLimit" type="number" min={1} defaultValue={settings.ipLimit} />
      <FormField label={t('listLimit')} name="listLimit" type="number" min={1} defaultValue={settings.listLimit} />
      <div><button className="btn btn-primary" disabled={pending}>{pending ? t('saving') : t('save')}</button></div>
    </form>
  );
}
