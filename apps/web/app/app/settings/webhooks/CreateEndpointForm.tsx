'use client';

import { useActionState, useState } from 'react';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { submitKeepingValues } from '@/lib/submit-keeping-values';
import { createWebhookAction } from './actions';

export function CreateEndpointForm({ events }: { events: { value: string; label: string }[] }) {
  const [state, action, pending] = useActionState(createWebhookAction, idle);
  const [copied, setCopied] = useState(false);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <div className="stack">
      {state.ok && (
        <div className="alert alert-success" role="status" data-testid="new-webhook-secret">
          <p><strong>Endpoint {state.data.url} added.</strong> Its signing secret is shown only now: store it with your receiver to verify the webhook-signature header.</p>
          <div className="toolbar">
            <code className="mono" style={{ wordBreak: 'break-all' }}>{state.data.secret}</code>
            <button type="button" className="btn btn-sm" onClick={async () => { await navigator.clipboard.writeText(state.data.secret); setCopied(true); }}>
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
        </div>
      )}
      <form method="post" onSubmit={submitKeepingValues(action, () => setCopied(false))} className="stack" noValidate>
        {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
        <FormField label="Endpoint URL" name="url" type="url" placeholder="https://example.com/hooks/rundbrief" required errors={errors.url}
          hint="https only. Addresses on loopback, private or link-local networks are refused." />
        <FormField label="Description (optional)" name="description" placeholder="CRM sync" errors={errors.description} />
        <fieldset className="field" aria-describedby={errors.events ? 'events-error' : undefined}>
          <legend className="label">Events</legend>
          {events.map((e) => (
            <label key={e.value} className="checkbox">
              <input type="checkbox" name="events" value={e.value} /> <span className="mono">{e.value}</span> — {e.label}
            </label>
          ))}
          {errors.events && <div id="events-error" className="error">{errors.events.join(' ')}</div>}
        </fieldset>
        <label className="checkbox"><input type="checkbox" name="enabled" defaultChecked /> Enabled</label>
        <div><button className="btn btn-primary" disabled={pending}>{pending ? 'Adding…' : 'Add endpoint'}</button></div>
      </form>
    </div>
  );
}
