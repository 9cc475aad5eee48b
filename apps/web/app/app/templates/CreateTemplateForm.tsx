'use client';

import { useActionState } from 'react';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { createTemplateAction } from './actions';

export function CreateTemplateForm({ starters }: { starters: { key: string; name: string }[] }) {
  const [state, action, pending] = useActionState(createTemplateAction, idle);
  return (
    <form action={action} className="toolbar" style={{ alignItems: 'flex-end' }} noValidate>
      <FormField label="Name" name="name" placeholder="Monthly newsletter" />
      <FormField label="Start from" name="starter">
        {({ id }) => (
          <select id={id} name="starter" defaultValue="newsletter">
            {starters.map((s) => <option key={s.key} value={s.key}>{s.name}</option>)}
          </select>
        )}
      </FormField>
      <div className="field"><button className="btn btn-primary" disabled={pending}>{pending ? 'Creating…' : 'Create template'}</button></div>
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
    </form>
  );
}
