'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { requireTotpAction } from './actions';
import { submitKeepingValues } from '@/lib/submit-keeping-values';

export function RequireTotpForm({ requireTotp }: { requireTotp: boolean }) {
  const t = useTranslations('settings.security.totp');
  const [state, action, pending] = useActionState(requireTotpAction, idle);
  return (
    <form method="post" onSubmit={submitKeepingValues(action)} className="stack" noValidate>
      {state.ok && <div className="alert alert-success" role="status">{state.data}</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <label className="checkbox">
        <input type="checkbox" name="requireTotp" defaultChecked={requireTotp} />
        {t('require')}
      </label>
      <p className="hint">{t('hint')}</p>
      <div><button className="btn" disabled={pending}>{t('save')}</button></div>
    </form>
  );
}
