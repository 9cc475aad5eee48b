'use client';

import { useActionState } from 'react';
import { idle } from '@/lib/action-result';
import { confirmAction, resendAction } from './actions';

export function ConfirmForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(confirmAction.bind(null, token), idle);
  if (state.ok) {
    return (
      <div className="alert alert-success" role="status" data-testid="confirm-result">
        <strong>Subscription confirmed.</strong> {state.data.email} now receives {state.data.listName}.
      </div>
    );
  }
  return (
    <form action={action} className="stack">
      {state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <div><button className="btn btn-primary" disabled={pending}>{pending ? 'Confirming…' : 'Confirm my subscription'}</button></div>
    </form>
  );
}

export function ResendForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(resendAction.bind(null, token), idle);
  if (state.ok) {
    return <div className="alert alert-success" role="status">A new confirmation mail is on its way to {state.data.email}.</div>;
  }
  return (
    <form action={action} className="stack">
      {state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <div><button className="btn btn-primary" disabled={pending}>{pending ? 'Sending…' : 'Send me a new link'}</button></div>
    </form>
  );
}
