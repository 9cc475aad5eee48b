'use client';

import { useActionState, useState } from 'react';
import { useTranslations } from 'next-intl';
import { idle, type ActionResult } from '@/lib/action-result';
import { setTenantLimitsAction } from './actions';

/** Send rate and daily limit of one tenant; a refused value stays in the field to be corrected. */
export function LimitsForm({ tenantId, tenantName, sendRatePerMinute, dailySendLimit }: { tenantId: string; tenantName: string; sendRatePerMinute: number; dailySendLimit: number | null }) {
  const t = useTranslations('admin');
  const [state, action, pending] = useActionState(setTenantLimitsAction, idle as ActionResult<unknown>);
  const [rate, setRate] = useState(String(sendRatePerMinute));
  const [daily, setDaily] = useState(dailySendLimit?.toString() ?? '');
  const errors = state.ok ? {} : state.fieldErrors;
  const problem = [...(errors.sendRatePerMinute ?? []), ...(errors.dailySendLimit ?? [])][0] ?? (!state.ok ? state.error : '');
  return (
    <form action={action} className="toolbar" style={{ flexWrap: 'wrap' }} aria-label={t('tenants.limitsLabel', { name: tenantName })}>
      <input type="hidden" name="tenantId" value={tenantId} />
      <label className="muted">
        {t('tenants.perMinute')}{' '}
        <input name="sendRatePerMinute" type="number" min={1} max={100000} required className="input" style={{ width: '7em' }} value={rate} onChange={(e) => setRate(e.target.value)} aria-invalid={Boolean(errors.sendRatePerMinute) || undefined} />
      </label>
      <label className="muted">
        {t('tenants.perDay')}{' '}
        <input name="dailySendLimit" type="number" min={1} max={10000000} className="input" style={{ width: '8em' }} placeholder={t('tenants.noLimit')} value={daily} onChange={(e) => setDaily(e.target.value)} aria-invalid={Boolean(errors.dailySendLimit) || undefined} />
      </label>
      <button className="btn btn-sm" type="submit" disabled={pending}>{pending ? t('saving') : t('tenants.saveLimits')}</button>
      {state.ok && state.data !== undefined && <span role="status" className="muted">{t('saved')}</span>}
      {problem && <div className="error" role="alert">{problem}</div>}
    </form>
  );
}
