'use client';

import { useActionState } from 'react';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { OptInSelect } from '../CreateListForm';
import { updateListAction } from '../actions';

type Props = {
  list: { id: string; name: string; description: string | null; optInMode: string };
  settings: { minFillSeconds: number; ipLimit: number; listLimit: number };
};

export function EditListForm({ list, settings }: Props) {
  const [state, action, pending] = useActionState(updateListAction.bind(null, list.id), idle);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form action={action} className="stack card">
      <h2 className="card-title">Settings</h2>
      {state.ok && <div className="alert alert-success" role="status">Saved.</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <FormField label="Name" name="name" defaultValue={list.name} required errors={errors.name} />
      <FormField label="Description" name="description" defaultValue={list.description ?? ''} errors={errors.description} />
      <OptInSelect value={list.optInMode} />
      <FormField label="Minimum fill time (seconds)" name="minFillSeconds" type="number" min={0} max={60} defaultValue={settings.minFillSeconds} hint="Forms sent faster than this are refused as automated." />
      <FormField label="Signups per IP address per 10 minutes" name="ipLimit" type="number" min={1} defaultValue={settings.ipLimit} />
      <FormField label="Signups per minute for this list" name="listLimit" type="number" min={1} defaultValue={settings.listLimit} />
      <div><button className="btn btn-primary" disabled={pending}>{pending ? 'Saving…' : 'Save'}</button></div>
    </form>
  );
}
