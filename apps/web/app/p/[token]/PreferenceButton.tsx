'use client';

import { useActionState } from 'react';
import { idle, type ActionResult } from '@/lib/action-result';

type Props = {
  action: (prev: ActionResult<unknown>, form: FormData) => Promise<ActionResult<unknown>>;
  fields: Record<string, string>;
  label: string;
};

/** One button of the lists-and-pause section, with the outcome announced next to it. */
export function PreferenceButton({ action, fields, label }: Props) {
  const [state, formAction, pending] = useActionState(action, idle as ActionResult<unknown>);
  const message = state.ok ? (state.data as { message?: string }).message : state.error;
  return (
    <form action={formAction} style={{ display: 'inline-block' }}>
      {Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      <button className="btn btn-sm" type="submit" disabled={pending}>{label}</button>
      {message && <span className={state.ok ? 'hint' : 'error'} role={state.ok ? 'status' : 'alert'} style={{ marginLeft: 8 }}>{message}</span>}
    </form>
  );
}
