'use client';

import { useActionState } from 'react';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { createListAction } from './actions';

export function CreateListForm() {
  const [state, action, pending] = useActionState(createListAction, idle);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form action={action} className="stack card">
      <h2 className="card-title">New list</h2>
      {state.ok && <div className="alert alert-success" role="status">List created. <a href={`/app/lists/${state.data.id}`}>Open it</a></div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <FormField label="Name" name="name" required errors={errors.name} />
      <FormField label="Description" name="description" errors={errors.description} />
      <OptInSelect />
      <div><button className="btn btn-primary" disabled={pending}>{pending ? 'Creating…' : 'Create list'}</button></div>
    </form>
  );
}

export function OptInSelect({ value = 'DOUBLE' }: { value?: string }) {
  return (
    <div className="field">
      <label className="label" htmlFor="optInMode">Opt-in</label>
      <select id="optInMode" name="optInMode" defaultValue={value}>
        <option value="DOUBLE">Double opt-in: counts after the confirmation link is clicked</option>
        <option value="CONFIRMED">Confirmed: counts at once, a notice mail is sent</option>
        <option value="SINGLE">Single: only for imports with attested consent</option>
      </select>
    </div>
  );
}
