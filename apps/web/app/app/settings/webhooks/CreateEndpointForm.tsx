'use client';

import { useActionState, useState } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { submitKeepingValues } from '@/lib/submit-keeping-values';
import { createWebhookAction } from './actions';

export function CreateEndpointForm({ events }: { events: { value: string; label: string }[] }) {
  const t = useTranslations('settings.webhooks');
  const [state, action, pending] = useActionState(createWebhookAction, idle);
  const [copied, setCopied] = useState(false);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <div className="stack">
      {state.ok && (
        <div className="alert alert-success" role="status" data-testid="new-webhook-secret">
          <p>{t.rich('added', { url: state.data.url, strong: (c) => <strong>{c}</strong> })}</p>
          <div className="toolbar">
            <code className="mono" style={{ wordBreak: 'break-all' }}>{state.data.secret}</code>
            <button type="button" className="btn btn-sm" onClick={async () => { await navigator.clipboard.writeText(state.data.secret); setCopied(true); }}>
              {copied ? t('copied') : t('copy')}
            </button>
          </div>
        </div>
      )}
      <form method="post" onSubmit={submitKeepingValues(action, () => setCopied(false))} className="stack" noValidate>
        {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
        <FormField label={t('url')} name="url" type="url" placeholder={t('urlPlaceholder')} required errors={errors.url}
          hint={t('urlHint')} />
        <FormField label={t('description')} name="description" placeholder={t('descriptionPlaceholder')} errors={errors.description} />
        <fieldset className="field" aria-describedby={errors.events ? 'events-error' : undefined}>
          <legend className="label">{t('eventsLegend')}</legend>
          {events.map((e) => (
            <label key={e.value} className="checkbox">
              <input type="checkbox" name="events" value={e.value} /> <span className="mono">{e.value}</span> — {e.label}
            </label>
          ))}
          {errors.events && <div id="events-error" className="error">{errors.events.join(' ')}</div>}
        </fieldset>
        <label className="checkbox"><input type="checkbox" name="enabled" defaultChecked /> {t('enabled')}</label>
        <div><button className="btn btn-primary" disabled={pending}>{pending ? t('adding') : t('add')}</button></div>
      </form>
    </div>
  );
}
