'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { eraseAction } from './actions';

export function EraseForm({ token }: { token: string }) {
  const t = useTranslations('public.data');
  const [state, action, pending] = useActionState(eraseAction.bind(null, token), idle);
  if (state.ok) {
    return (
      <div className="alert alert-success" role="status" data-testid="erase-requested">
        {t('eraseRequested')}
      </div>
    );
  }
  return (
    <form action={action} className="stack">
      {state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <label className="checkbox"><input type="checkbox" name="confirm" value="yes" /> {t('eraseConfirm')}</label>
      <div><button className="btn btn-danger" disabled={pending}>{pending ? t('sending') : t('erase')}</button></div>
    </form>
  );
}
