'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { ConfirmButton } from '@/components/ConfirmButton';
import { idle, type ActionResult } from '@/lib/action-result';
import { suspendTenantAction } from './actions';

/** Suspending needs a reason: the tenant sees it in its app's banner, on paused campaigns and refused sends. */
export function SuspendForm({ tenantId, tenantName }: { tenantId: string; tenantName: string }) {
  const [state, action, pending] = useActionState(suspendTenantAction, idle as ActionResult<unknown>);
  const id = `reason-${tenantId}`;
  const t = useTranslations('admin.tenants');
  return (
    <form action={action} className="toolbar" style={{ flexWrap: 'wrap' }}>
      <input type="hidden" name="tenantId" value={tenantId} />
      <label className="sr-only" htmlFor={id}>{t('reasonLabel', { name: tenantName })}</label>
      <input id={id} name="reason" className="input" placeholder={t('reasonPlaceholder')} required minLength={3} maxLength={500} />
      <ConfirmButton className="btn btn-danger btn-sm" formAction={action} disabled={pending} title={t('suspendTitle', { name: tenantName })} confirmLabel={t('suspend')}
        message={t('suspendMessage')}>
        {pending ? t('suspending') : t('suspend')}
      </ConfirmButton>
      {!state.ok && state.error && <div className="error" role="alert">{state.fieldErrors.reason?.[0] ?? state.error}</div>}
    </form>
  );
}
