'use client';

import { useActionState } from 'react';
import { idle } from '@/lib/action-result';
import { confirmEraseAction } from './actions';

export function ConfirmEraseForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(confirmEraseAction.bind(null, token), idle);
  if (state.ok) {
    return (
      <div className="alert alert-success" role="status" data-testid="erased">
        Your data has been erased. We keep only a one-way fingerprint of your address so that it is never imported or mailed again.
      </div>
    );
  }
  return (
    <form action={action} className="stack">
      {state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <div><button className="btn btn-danger" disabled={pending}>{pending ? 'Erasing…' : 'Erase my data now'}</button></div>
    </form>
  );
}
