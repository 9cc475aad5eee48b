'use client';

import { useActionState } from 'react';
import { idle } from '@/lib/action-result';
import { requireTotpAction } from './actions';
import { submitKeepingValues } from '@/lib/submit-keeping-values';

export function RequireTotpForm({ requireTotp }: { requireTotp: boolean }) {
  const [state, action, pending] = useActionState(requireTotpAction, idle);
  return (
    <form method="post" onSubmit={submitKeepingValues(action)} className="stack" noValidate>
      {state.ok && <div className="alert alert-success" role="status">{state.data}</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <label className="checkbox">
        <input type="checkbox" name="requireTotp" defaultChecked={requireTotp} />
        Require every member to use an authenticator app (TOTP) when signing in
      </label>
      <p className="hint">Members without it are asked to set it up at their next page view. Turn it on for your own account first.</p>
      <div><button className="btn" disabled={pending}>Save</button></div>
    </form>
  );
}
