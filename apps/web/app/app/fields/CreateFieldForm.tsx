'use client';

import { useActionState } from 'react';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { createFieldAction } from './actions';

export function CreateFieldForm() {
  const [state, action, pending] = useActionState(createFieldAction, idle);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form action={action} className="stack card">
      <h2 className="card-title">New field</h2>
      {state.ok && <div className="alert alert-success" role="status">Field created.</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <FormField label="Key (merge tag)" name="key" placeholder="company" required errors={errors.key} hint="Lower-case letters, digits and _." />
      <FormField label="Label" name="label" placeholder="Company" required errors={errors.label} />
      <div className="field">
        <label className="label" htmlFor="type">Type</label>
        <select id="type" name="type" defaultValue="TEXT">
          <option value="TEXT">Text</option><option value="NUMBER">Number</option><option value="DATE">Date</option><option value="BOOLEAN">Yes / no</option>
        </select>
      </div>
      <div><button className="btn btn-primary" disabled={pending}>Create field</button></div>
    </form>
  );
}
