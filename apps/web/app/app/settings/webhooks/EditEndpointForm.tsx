'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { submitKeepingValues } from '@/lib/submit-keeping-values';
import { updateWebhookAction } from './actions';

/** URL, description and events of one endpoint (the secret stays; rotate it separately). */
export function EditEndpointForm({ endpoint, events }: { endpoint: { id: string; url: string; description: string | null; events: string[] }; events: { value: string; label: string }[] }) {
  const t = useTranslations('settings.webhooks');
  const [state, action, pending] = useActionState(updateWebhookAction, idle);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form method="post" onSubmit={submitKeepingValues(action)} className="stack" noValidate>
      {state.ok && <div className="alert alert-success" role="status">{t('edit.saved')}</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <input type="hidden" name="endpointId" value={endpoint.id} />
      <FormField label={t('url')} name="url" type="url" defaultValue={endpoint.url} required errors={errors.url} />
      <FormField label={t('description')} name="description" defaultValue={endpoint.description ?? ''} errors={errors.description} />
      <fieldset className="field">
        <legend className="label">{t('eventsLegend')}</legend>
        {events.map((e) => (
          <label key={e.value} className="checkbox">
            <input type="checkbox" name="events" value={e.value} defaultChecked={endpoint.events.includes(e.value)} /> <span className="mono">{e.value}</span>
          </label>
        ))}
        {errors.events && <div className="error">{errors.events.join(' ')}</div>}
      </fieldset>
      <div><button className="btn btn-primary btn-sm" disabled={pending}>{pending ? t('edit.saving') : t('edit.save')}</button></div>
    </form>
  );
}
