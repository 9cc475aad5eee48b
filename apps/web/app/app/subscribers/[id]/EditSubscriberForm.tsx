'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { updateSubscriberAction } from '../actions';

type Props = {
  subscriber: { id: string; firstName: string | null; lastName: string | null; attributes: Record<string, unknown> };
  fields: { key: string; label: string; type: string }[];
};

export function EditSubscriberForm({ subscriber, fields }: Props) {
  const t = useTranslations('subscribers.edit');
  const [state, action, pending] = useActionState(updateSubscriberAction.bind(null, subscriber.id), idle);
  return (
    <form action={action} className="stack card">
      <h2 className="card-title">{t('title')}</h2>
      {state.ok && <div className="alert alert-success" role="status">{t('saved')}</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <FormField label={t('firstName')} name="firstName" defaultValue={subscriber.firstName ?? ''} />
      <FormField label={t('lastName')} name="lastName" defaultValue={subscriber.lastName ?? ''} />
      {fields.map((f) => (
        <FormField key={f.key} label={f.label} name={`field.${f.key}`} type={f.type === 'NUMBER' ? 'number' : f.type === 'DATE' ? 'date' : 'text'}
          defaultValue={subscriber.attributes[f.key] === undefined ? '' : String(subscriber.attributes[f.key])} hint={f.type === 'BOOLEAN' ? t('booleanHint') : undefined} />
      ))}
      <div><button className="btn btn-primary" disabled={pending}>{pending ? t('saving') : t('save')}</button></div>
    </form>
  );
}
