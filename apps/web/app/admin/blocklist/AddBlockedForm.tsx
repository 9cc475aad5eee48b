'use client';

import { useActionState, useEffect, useState } from 'react';
import { FormField } from '@/components/FormField';
import { idle, type ActionResult } from '@/lib/action-result';
import { addBlockedAction } from './actions';

const KINDS = [
  ['SPAM_TRAP', 'Spam trap'],
  ['HONEYPOT', 'Honeypot'],
  ['FORM_SPAM_DOMAIN', 'Form-spam domain'],
  ['DISPOSABLE_DOMAIN', 'Disposable-mail domain'],
] as const;

export function AddBlockedForm() {
  const [state, action, pending] = useActionState(addBlockedAction, idle as ActionResult<unknown>);
  // Controlled, so a refused entry stays in the form to be corrected.
  const [fields, setFields] = useState({ value: '', kind: 'SPAM_TRAP', note: '' });
  useEffect(() => {
    if (state.ok && state.data !== undefined) setFields({ value: '', kind: 'SPAM_TRAP', note: '' });
  }, [state]);
  const set = (name: keyof typeof fields) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [name]: e.target.value }));
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form action={action} className="stack" aria-label="Add a blocklist entry">
      <FormField label="Address or domain" name="value" className="input mono" required maxLength={320} placeholder="trap@example.net or example.net" errors={errors.value}
        hint="A domain blocks every address at it; its subdomains are refused at sign-up, but import and sending match the exact domain, so add subdomains you know of too." value={fields.value} onChange={set('value')} />
      <FormField label="Kind" name="kind" errors={errors.kind}>
        {({ id, describedBy, invalid }) => (
          <select id={id} name="kind" className="input" value={fields.kind} onChange={set('kind')} aria-describedby={describedBy} aria-invalid={invalid || undefined}>
            {KINDS.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
          </select>
        )}
      </FormField>
      <FormField label="Note (optional)" name="note" className="input" maxLength={500} errors={errors.note} value={fields.note} onChange={set('note')} />
      <div className="toolbar">
        <button className="btn btn-primary" type="submit" disabled={pending}>{pending ? 'Adding…' : 'Add to blocklist'}</button>
        {state.ok && state.data !== undefined && <div role="status" className="muted">Added.</div>}
        {!state.ok && state.error && <div role="alert" className="error">{state.error}</div>}
      </div>
    </form>
  );
}
