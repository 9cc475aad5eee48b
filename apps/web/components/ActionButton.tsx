'use client';

import { useActionState } from 'react';
import { idle, type ActionResult } from '@/lib/action-result';

type Props = {
  action: (prev: ActionResult<unknown>, formData: FormData) => Promise<ActionResult<unknown>>;
  /** Hidden form fields, e.g. { alertId }. */
  fields: Record<string, string>;
  label: string;
  pendingLabel?: string;
  className?: string;
};

/** A one-button form for a server action, showing the action's error next to the button. */
export function ActionButton({ action, fields, label, pendingLabel, className = 'btn btn-sm' }: Props) {
  const [state, formAction, pending] = useActionState(action, idle as ActionResult<unknown>);
  return (
    <form action={formAction}>
      {Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      <button className={className} type="submit" disabled={pending}>{pending ? (pendingLabel ?? label) : label}</button>
      {!state.ok && state.error && <div className="error" role="alert">{state.error}</div>}
    </form>
  );
}
