'use client';

import { useActionState } from 'react';
import type { ReactNode } from 'react';
import { idle, type ActionResult } from '@/lib/action-result';
import { ConfirmButton } from './ConfirmButton';

type Props = {
  action: (prev: ActionResult<unknown>, formData: FormData) => Promise<ActionResult<unknown>>;
  /** Hidden form fields, e.g. { alertId }. */
  fields: Record<string, string>;
  label: string;
  pendingLabel?: string;
  className?: string;
  /** Ask first (for what cannot be undone): the dialog's title, text and confirm label. */
  confirm?: { title: string; message: ReactNode; confirmLabel: string; dismissLabel?: string; danger?: boolean };
};

/** A one-button form for a server action, showing the action's error next to the button. */
export function ActionButton({ action, fields, label, pendingLabel, className = 'btn btn-sm', confirm }: Props) {
  const [state, formAction, pending] = useActionState(action, idle as ActionResult<unknown>);
  const text = pending ? (pendingLabel ?? label) : label;
  return (
    <form action={formAction}>
      {Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      {confirm ? (
        <ConfirmButton className={className} title={confirm.title} message={confirm.message} confirmLabel={confirm.confirmLabel} dismissLabel={confirm.dismissLabel} danger={confirm.danger ?? true} formAction={formAction} disabled={pending}>
          {text}
        </ConfirmButton>
      ) : (
        <button className={className} type="submit" disabled={pending}>{text}</button>
      )}
      {!state.ok && state.error && <div className="error" role="alert">{state.error}</div>}
    </form>
  );
}
