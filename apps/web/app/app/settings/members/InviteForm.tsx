'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { inviteAction } from './actions';
import { submitKeepingValues } from '@/lib/submit-keeping-values';

export function InviteForm({ canInviteOwner }: { canInviteOwner: boolean }) {
  const t = useTranslations('settings.members');
  const [state, action, pending] = useActionState(inviteAction, idle);
  return (
    <form method="post" onSubmit={submitKeepingValues(action)} className="stack" noValidate>
      {state.ok && <div className="alert alert-success" role="status">{t('invitationSent', { email: state.data.email, days: 7 })}</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <div className="toolbar" style={{ alignItems: 'flex-end' }}>
        <FormField label={t('email')} name="email" type="email" required autoComplete="off" errors={state.ok ? undefined : state.fieldErrors.email} />
        <div className="field">
          <label className="label" htmlFor="invite-role">{t('role')}</label>
          <select id="invite-role" name="role" defaultValue="MARKETER">
            {canInviteOwner && <option value="OWNER">{t('roleOption', { role: 'OWNER' })}</option>}
            <option value="ADMIN">{t('roleOption', { role: 'ADMIN' })}</option>
            <option value="MARKETER">{t('roleOption', { role: 'MARKETER' })}</option>
            <option value="VIEWER">{t('roleOption', { role: 'VIEWER' })}</option>
          </select>
        </div>
        <div className="field"><button className="btn btn-primary" disabled={pending}>{pending ? t('sending') : t('send')}</button></div>
      </div>
    </form>
  );
}
