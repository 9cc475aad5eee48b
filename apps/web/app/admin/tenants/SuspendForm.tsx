'use client';

import { useActionState } from 'react';
import { ConfirmButton } from '@/components/ConfirmButton';
import { idle, type ActionResult } from '@/lib/action-result';
import { suspendTenantAction } from './actions';

/** Suspending needs a reason: the tenant sees it in its app's banner, on paused campaigns and refused sends. */
export function SuspendForm({ tenantId, tenantName }: { tenantId: string; tenantName: string }) {
  const [state, action, pending] = useActionState(suspendTenantAction, idle as ActionResult<unknown>);
  const id = `reason-${tenantId}`;
  return (
    <form action={action} className="toolbar" style={{ flexWrap: 'wrap' }}>
      <input type="hidden" name="tenantId" value={tenantId} />
      <label className="sr-only" htmlFor={id}>Reason for suspending {tenantName}</label>
      <input id={id} name="reason" className="input" placeholder="Reason (shown to the tenant)" required minLength={3} maxLength={500} />
      <ConfirmButton className="btn btn-danger btn-sm" formAction={action} disabled={pending} title={`Suspend ${tenantName}?`} confirmLabel="Suspend sending"
        message="Its running campaigns pause now and none can start until you lift the suspension. The tenant sees your reason.">
        {pending ? 'Suspending…' : 'Suspend sending'}
      </ConfirmButton>
      {!state.ok && state.error && <div className="error" role="alert">{state.fieldErrors.reason?.[0] ?? state.error}</div>}
    </form>
  );
}
