'use client';

import { useActionState } from 'react';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { submitKeepingValues } from '@/lib/submit-keeping-values';
import { updateWebhookAction } from './actions';

/** URL, description and events of one endpoint (the secret stays; rotate it separately). */
export function EditEndpointForm({ endpoint, events }: { endpoint: { id: string; url: string; description: string | null; events: string[] }; events: { value: string; label: string }[] }) {
  const [state, action, pending] = useActionState(updateWebhookAction, idle);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form method="post" onSubmit={submitKeepingValues(action)} className="stack" noValidate>
      {state.ok && <div className="alert alert-success" role="status">Saved.</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <input type="hidden" name="endpointId" value={endpoint.id} />
      <FormField label="Endpoint URL" name="url" type="url" defaultValue={endpoint.url} required errors={errors.url} />
      <FormField label="Description (optional)" name="description" defaultValue={endpoint.description ?? ''} errors={errors.description} />
      <fieldset className="field">
        <legend className="label">Events</legend>
        {events.map((e) => (
          <label key={e.value} className="checkbox">
            <input type="checkbox" name="events" value={e.value} defaultChecked={endpoint.events.includes(e.value)} /> <span className="mono">{e.value}</span>
          </label>
        ))}
        {errors.events && <div className="error">{errors.events.join(' ')}</div>}
      </fieldset>
      <div><button className="btn btn-primary btn-sm" disabled={pending}>{pending ? 'Saving…' : 'Save changes'}</button></div>
    </form>
  );
}
