'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { confirmAction, resendAction } from './actions';

export function ConfirmForm({ token }: { token: string }) {
  const t = useTranslations('public.confirm');
  const [state, action, pending] = useActionState(confirmAction.bind(null, token), idle);
  if (state.ok) {
    return (
      <div className="alert alert-success" role="status" data-testid="confirm-result">
        {t.rich('done', { email: state.data.email, list: state.data.listName, strong: (c) => <strong>{c}</strong> })}
      </div>
    );
  }
  return (
    <form action={action} className="stack">
      {state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <div><button className="btn btn-primary" disabled={pending}>{pending ? t('submitting') : t('submit')}</button></div>
    </form>
  );
}

export function ResendForm({ token }: { token: string }) {
  const t = useTranslations('public.confirm');
  const [state, action, pending] = useActionState(resendAction.bind(null, token), idle);
  if (state.ok) {
    return <div className="alert alert-success" role="status">{t('resent', { email: state.data.email })}</div>;
  }
  return (
    <form action={action} className="stack">
      {state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <div><button className="btn btn-primary" disabled={pending}>{pending ? t('resending') : t('resend')}</button></div>
    </form>
  );
}
