'use client';

import { useActionState, useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { FormField } from '@/components/FormField';
import { idle, type ActionResult } from '@/lib/action-result';
import { addBlockedAction } from './actions';

const KINDS = ['SPAM_TRAP', 'HONEYPOT', 'FORM_SPAM_DOMAIN', 'DISPOSABLE_DOMAIN'] as const;

export function AddBlockedForm() {
  const t = useTranslations('admin');
  const [state, action, pending] = useActionState(addBlockedAction, idle as ActionResult<unknown>);
  // Controlled, so a refused entry stays in the form to be corrected.
  const [fields, setFields] = useState({ value: '', kind: 'SPAM_TRAP', note: '' });
  useEffect(() => {
    if (state.ok && state.data !== undefined) setFields({ value: '', kind: 'SPAM_TRAP', note: '' });
  }, [state]);
  const set = (name: keyof typeof fields) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [name]: e.target.value }));
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form action={action} className="stack" aria-label={t('blocklist.formLabel')}>
      <FormField label={t('blocklist.value')} name="value" className="input mono" required maxLength={320} placeholder={t('blocklist.valuePlaceholder')} errors={errors.value}
        hint={t('blocklist.valueHint')} value={fields.value} onChange={set('value')} />
      <FormField label={t('blocklist.kind')} name="kind" errors={errors.kind}>
        {({ id, describedBy, invalid }) => (
          <select id={id} name="kind" className="input" value={fields.kind} onChange={set('kind')} aria-describedby={describedBy} aria-invalid={invalid || undefined}>
            {KINDS.map((v) => <option key={v} value={v}>{t('blocklist.kindOption', { kind: v })}</option>)}
          </select>
        )}
      </FormField>
      <FormField label={t('blocklist.noteOptional')} name="note" className="input" maxLength={500} errors={errors.note} value={fields.note} onChange={set('note')} />
      <div className="toolbar">
        <button className="btn btn-primary" type="submit" disabled={pending}>{pending ? t('adding') : t('blocklist.add')}</button>
        {state.ok && state.data !== undefined && <div role="status" className="muted">{t('blocklist.addedNotice')}</div>}
        {!state.ok && state.error && <div role="alert" className="error">{state.error}</div>}
      </div>
    </form>
  );
}
