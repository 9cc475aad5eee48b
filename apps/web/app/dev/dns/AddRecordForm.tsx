'use client';

import { useActionState, useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { FormField } from '@/components/FormField';
import { idle, type ActionResult } from '@/lib/action-result';
import { addDevDnsRecordAction } from './actions';

const EMPTY = { name: '', type: 'TXT', value: '', priority: '' };

export function AddRecordForm() {
  const t = useTranslations('dev.dns');
  const [state, action, pending] = useActionState(addDevDnsRecordAction, idle as ActionResult<{ name: string; type: string }>);
  // Controlled, so a refused record stays in the form to be corrected.
  const [fields, setFields] = useState(EMPTY);
  useEffect(() => {
    if (state.ok && state.data) setFields(EMPTY);
  }, [state]);
  const set = (name: keyof typeof EMPTY) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [name]: e.target.value }));
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form action={action} className="stack" aria-label={t('formLabel')} noValidate>
      <FormField label={t('name')} name="name" className="input mono" maxLength={253} placeholder="rb2026._domainkey.news.example.com" errors={errors.name}
        hint={t('nameHint')} value={fields.name} onChange={set('name')} />
      <FormField label={t('type')} name="type" errors={errors.type}>
        {({ id, describedBy, invalid }) => (
          <select id={id} name="type" className="input" value={fields.type} onChange={set('type')} aria-describedby={describedBy} aria-invalid={invalid || undefined}>
            {['TXT', 'MX', 'A', 'CNAME'].map((k) => <option key={k} value={k}>{k}</option>)}
          </select>
        )}
      </FormField>
      <FormField label={t('value')} name="value" className="input mono" maxLength={4000} errors={errors.value}
        hint={t('valueHint')} value={fields.value} onChange={set('value')} />
      {fields.type === 'MX' && (
        <FormField label={t('priority')} name="priority" className="input" inputMode="numeric" errors={errors.priority} hint={t('priorityHint')} value={fields.priority} onChange={set('priority')} />
      )}
      <div className="toolbar">
        <button className="btn btn-primary" type="submit" disabled={pending}>{pending ? t('adding') : t('add')}</button>
        {state.ok && state.data && <div role="status" className="muted">{t('added', { type: state.data.type, name: state.data.name })}</div>}
        {!state.ok && state.error && <div role="alert" className="error">{state.error}</div>}
      </div>
    </form>
  );
}
