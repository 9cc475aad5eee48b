'use client';

import { useActionState, useEffect, useState } from 'react';
import { FormField } from '@/components/FormField';
import { idle, type ActionResult } from '@/lib/action-result';
import { addDevDnsRecordAction } from './actions';

const EMPTY = { name: '', type: 'TXT', value: '', priority: '' };

export function AddRecordForm() {
  const [state, action, pending] = useActionState(addDevDnsRecordAction, idle as ActionResult<{ name: string; type: string }>);
  // Controlled, so a refused record stays in the form to be corrected.
  const [fields, setFields] = useState(EMPTY);
  useEffect(() => {
    if (state.ok && state.data) setFields(EMPTY);
  }, [state]);
  const set = (name: keyof typeof EMPTY) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [name]: e.target.value }));
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form action={action} className="stack" aria-label="Add a DNS record" noValidate>
      <FormField label="Name" name="name" className="input mono" maxLength={253} placeholder="rb2026._domainkey.news.example.com" errors={errors.name}
        hint="The full name, as the domain page shows it (no trailing dot needed)." value={fields.name} onChange={set('name')} />
      <FormField label="Type" name="type" errors={errors.type}>
        {({ id, describedBy, invalid }) => (
          <select id={id} name="type" className="input" value={fields.type} onChange={set('type')} aria-describedby={describedBy} aria-invalid={invalid || undefined}>
            {['TXT', 'MX', 'A', 'CNAME'].map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        )}
      </FormField>
      <FormField label="Value" name="value" className="input mono" maxLength={4000} errors={errors.value}
        hint="TXT: the text (quotes optional). MX and CNAME: a host name. A: an IPv4 address." value={fields.value} onChange={set('value')} />
      {fields.type === 'MX' && (
        <FormField label="Priority" name="priority" className="input" inputMode="numeric" errors={errors.priority} hint="MX only; 10 is usual." value={fields.priority} onChange={set('priority')} />
      )}
      <div className="toolbar">
        <button className="btn btn-primary" type="submit" disabled={pending}>{pending ? 'Adding…' : 'Add record'}</button>
        {state.ok && state.data && <div role="status" className="muted">Added {state.data.type} {state.data.name}; it resolves at once.</div>}
        {!state.ok && state.error && <div role="alert" className="error">{state.error}</div>}
      </div>
    </form>
  );
}
