'use client';

import { useActionState } from 'react';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { createIdentityAction } from './actions';

export function IdentityForm({ domains }: { domains: { id: string; domain: string }[] }) {
  const [state, action, pending] = useActionState(createIdentityAction, idle);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form action={action} className="stack" noValidate>
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      {state.ok && <div className="alert alert-success" role="status">Sender “{state.data.fromName}” added.</div>}
      <FormField label="From name" name="fromName" placeholder="Shop Team" required errors={errors.fromName} />
      <div className="toolbar" style={{ alignItems: 'flex-end' }}>
        <FormField label="Address" name="localPart" placeholder="news" required errors={errors.localPart}
          hint="A mailbox someone reads: no-reply addresses are refused." />
        <FormField label="Domain" name="domainId" errors={errors.domainId}>
          {({ id, describedBy }) => (
            <select id={id} name="domainId" aria-describedby={describedBy}>
              {domains.map((d) => <option key={d.id} value={d.id}>@{d.domain}</option>)}
            </select>
          )}
        </FormField>
      </div>
      <FormField label="Reply-to (optional)" name="replyTo" type="email" placeholder="team@example.com" errors={errors.replyTo} />
      <div><button className="btn btn-primary" disabled={pending}>{pending ? 'Adding…' : 'Add sender'}</button></div>
    </form>
  );
}
