'use client';

import { useActionState, useState } from 'react';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { createKeyAction } from './actions';
import { submitKeepingValues } from '@/lib/submit-keeping-values';

export function CreateKeyForm({ scopes }: { scopes: { value: string; label: string }[] }) {
  const [state, action, pending] = useActionState(createKeyAction, idle);
  const [copied, setCopied] = useState(false);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <div className="stack">
      {state.ok && (
        <div className="alert alert-success" role="status" data-testid="new-api-key">
          <p><strong>Key “{state.data.name}” created.</strong> Copy it now: it is shown only once and cannot be recovered.</p>
          <div className="toolbar">
            <code className="mono" style={{ wordBreak: 'break-all' }}>{state.data.key}</code>
            <button
              type="button"
              className="btn btn-sm"
              onClick={async () => {
                await navigator.clipboard.writeText(state.data.key);
                setCopied(true);
              }}
            >
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
        </div>
      )}
      <form method="post" onSubmit={submitKeepingValues(action, () => setCopied(false))} className="stack" noValidate>
        {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
        <FormField label="Name" name="name" placeholder="CRM sync" required errors={errors.name} />
        <fieldset className="field" aria-describedby={errors.scopes ? 'scopes-error' : undefined}>
          <legend className="label">Scopes</legend>
          {scopes.map((s) => (
            <label key={s.value} className="checkbox">
              <input type="checkbox" name="scopes" value={s.value} /> <span className="mono">{s.value}</span> — {s.label}
            </label>
          ))}
          {errors.scopes && <div id="scopes-error" className="error">{errors.scopes.join(' ')}</div>}
        </fieldset>
        <div><button className="btn btn-primary" disabled={pending}>{pending ? 'Creating…' : 'Create key'}</button></div>
      </form>
    </div>
  );
}
