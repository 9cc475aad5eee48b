'use client';

import { useActionState } from 'react';
import { idle } from '@/lib/action-result';
import { freshLinkAction } from './actions';

export function FreshLinkForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(freshLinkAction.bind(null, token), idle);
  if (state.ok) {
    return <div className="alert alert-success" role="status" data-testid="fresh-link-sent">We sent a fresh link to your address.</div>;
  }
  return (
    <form action={action} className="stack">
      {state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <div><button className="btn btn-primary" disabled={pending}>{pending ? 'Sending…' : 'Send me a fresh link'}</button></div>
    </form>
  );
}
