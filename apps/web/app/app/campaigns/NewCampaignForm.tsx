'use client';

import { useActionState } from 'react';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { createCampaignAction } from './actions';

export function NewCampaignForm({ templates, templateId }: { templates: { id: string; name: string }[]; templateId: string }) {
  const [state, action, pending] = useActionState(createCampaignAction, idle);
  return (
    <form action={action} className="toolbar" style={{ alignItems: 'flex-end' }} noValidate>
      <FormField label="Name" name="name" placeholder="December newsletter" required errors={state.ok ? undefined : state.fieldErrors.name} />
      <FormField label="Content" name="templateId">
        {({ id }) => (
          <select id={id} name="templateId" defaultValue={templateId}>
            <option value="">Newsletter starter</option>
            {templates.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
          </select>
        )}
      </FormField>
      <div className="field"><button className="btn btn-primary" disabled={pending}>{pending ? 'Creating…' : 'Create campaign'}</button></div>
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
    </form>
  );
}
