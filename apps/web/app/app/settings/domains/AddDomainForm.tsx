'use client';

import { useActionState } from 'react';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { addDomainAction } from './actions';

export function AddDomainForm() {
  const [state, action, pending] = useActionState(addDomainAction, idle);
  return (
    <form action={action} className="stack" noValidate>
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      {state.ok && <div className="alert alert-success" role="status">{state.data.domain} added. Publish the records below, then check them.</div>}
      <FormField label="Domain" name="domain" placeholder="news.example.com" required
        hint="The domain in your From address. We create a DKIM key for it." errors={state.ok ? undefined : state.fieldErrors.domain} />
      <div><button className="btn btn-primary" disabled={pending}>{pending ? 'Adding…' : 'Add domain'}</button></div>
    </form>
  );
}
