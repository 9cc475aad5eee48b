'use client';

import { useActionState, useState } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { createKeyAction } from './actions';
import { submitKeepingValues } from '@/lib/submit-keeping-values';

export function CreateKeyForm({ scopes }: { scopes: { value: string; label: string }[] }) {
  const t = useTranslations('settings.apiKeys');
  const [state, action, pending] = useActionState(createKeyAction, idle);
  const [copied, setCopied] = useState(false);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <div className="stack">
      {state.ok && (
        <div className="alert alert-success" role="status" data-testid="new-api-key">
          <p>{t.rich('created', { name: state.data.name, strong: (c) => <strong>{c}</strong> })}</p>
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
              {copied ? t('copied') : t('copy')}
            </button>
          </div>
        </div>
      )}
      <form method="post" onSubmit={submitKeepingValues(action, () => setCopied(false))} className="stack" noValidate>
        {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
        <FormField label={t('name')} name="name" placeholder={t('namePlaceholder')} required errors={errors.name} />
        <fieldset className="field" aria-describedby={errors.scopes ? 'scopes-error' : undefined}>
          <legend className="label">{t('scopesLegend')}</legend>
          {scopes.map((s) => (
            <label key={s.value} className="checkbox">
              <input type="checkbox" name="scopes" value={s.value} /> <span className="mono">{s.value}</span> — {s.label}
            </label>
          ))}
          {errors.scopes && <div id="scopes-error" className="error">{errors.scopes.join(' ')}</div>}
        </fieldset>
        <div><button className="btn btn-primary" disabled={pending}>{pending ? t('creating') : t('create')}</button></div>
      </form>
    </div>
  );
}
