'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { confirmEraseAction } from './actions';

export function ConfirmEraseForm({ token }: { token: string }) {
  const t = useTranslations('public.erase');
  const [state, action, pending] = useActionState(confirmEraseAction.bind(null, token), idle);
  if (state.ok) {
    return (
      <div className="alert alert-success" role="status" data-testid="erased">
        {t('done')}
      </div>
    );
  }
  return (
    <form action={action} className="stack">
      {state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <div><button className="btn btn-danger" disabled={pending}>{pending ? t('submitting') : t('submit')}</button></div>
    </form>
  );
}
