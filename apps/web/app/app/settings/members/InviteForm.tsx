'use client';

import { useActionState } from 'react';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { inviteAction } from './actions';
import { submitKeepingValues } from '@/lib/submit-keeping-values';

export function InviteForm({ canInviteOwner }: { canInviteOwner: boolean }) {
  const [state, action, pending] = useActionState(inviteAction, idle);
  return (
    <form method="post" onSubmit={submitKeepingValues(action)} className="stack" noValidate>
      {state.ok && <div className="alert alert-success" role="status">Invitation sent to {state.data.email}. The link expires in 7 days.</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <div className="toolbar" style={{ alignItems: 'flex-end' }}>
        <FormField label="E-mail" name="email" type="email" required autoComplete="off" errors={state.ok ? undefined : state.fieldErrors.email} />
        <div className="field">
          <label className="label" htmlFor="invite-role">Role</label>
          <select id="invite-role" name="role" defaultValue="MARKETER">
            {canInviteOwner && <option value="OWNER">Owner</option>}
            <option value="ADMIN">Admin — users, security, domains, API keys</option>
            <option value="MARKETER">Marketer — lists, subscribers, templates, campaigns</option>
            <option value="VIEWER">Viewer — read only</option>
          </select>
        </div>
        <div className="field"><button className="btn btn-primary" disabled={pending}>{pending ? 'Sending…' : 'Send invitation'}</button></div>
      </div>
    </form>
  );
}
