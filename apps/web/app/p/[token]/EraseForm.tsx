'use client';

import { useActionState } from 'react';
import { idle } from '@/lib/action-result';
import { eraseAction } from './actions';

export function EraseForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(eraseAction.bind(null, token), idle);
  if (state.ok) {
    return (
      <div className="alert alert-success" role="status" data-testid="erase-requested">
        We sent a confirmation link to your address. Your data is erased when you follow it; until then nothing changes.
      </div>
    );
  }
  return (
    <form action={action} className="stack">
      {state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <label className="checkbox"><input type="checkbox" name="confirm" value="yes" /> Erase all my data and unsubscribe me from everything. This cannot be undone.</label>
      <div><button className="btn btn-danger" disabled={pending}>{pending ? 'Sending…' : 'Erase my data'}</button></div>
    </form>
  );
}
