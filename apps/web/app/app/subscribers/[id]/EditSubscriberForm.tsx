'use client';

import { useActionState } from 'react';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { updateSubscriberAction } from '../actions';

type Props = {
  subscriber: { id: string; firstName: string | null; lastName: string | null; attributes: Record<string, unknown> };
  fields: { key: string; label: string; type: string }[];
};

export function EditSubscriberForm({ subscriber, fields }: Props) {
  const [state, action, pending] = useActionState(updateSubscriberAction.bind(null, subscriber.id), idle);
  return (
    <form action={action} className="stack card">
      <h2 className="card-title">Profile</h2>
      {state.ok && <div className="alert alert-success" role="status">Saved.</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <FormField label="First name" name="firstName" defaultValue={subscriber.firstName ?? ''} />
      <FormField label="Last name" name="lastName" defaultValue={subscriber.lastName ?? ''} />
      {fields.map((f) => (
        <FormField key={f.key} label={f.label} name={`field.${f.key}`} type={f.type === 'NUMBER' ? 'number' : f.type === 'DATE' ? 'date' : 'text'}
          defaultValue={subscriber.attributes[f.key] === undefined ? '' : String(subscriber.attributes[f.key])} hint={f.type === 'BOOLEAN' ? 'yes or no' : undefined} />
      ))}
      <div><button className="btn btn-primary" disabled={pending}>{pending ? 'Saving…' : 'Save'}</button></div>
    </form>
  );
}
