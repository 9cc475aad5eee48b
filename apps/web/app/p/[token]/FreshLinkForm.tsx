'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { freshLinkAction } from './actions';

export function FreshLinkForm({ token }: { token: string }) {
  const t = useTranslations('public.data');
  const [state, action, pending] = useActionState(freshLinkAction.bind(null, token), idle);
  if (state.ok) {
    return <div className="alert alert-success" role="status" data-testid="fresh-link-sent">{t('freshLinkSent')}</div>;
  }
  return (
    <form action={action} className="stack">
      {state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <div><button className="btn btn-primary" disabled={pending}>{pending ? t('sending') : t('freshLink')}</button></div>
    </form>
  );
}
