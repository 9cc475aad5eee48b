'use client';

import { useId, useRef, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';

type Props = {
  /** Button text, e.g. "Delete list". */
  children: ReactNode;
  /** What will happen, shown in the dialog. */
  message: ReactNode;
  title?: string;
  confirmLabel?: string;
  /** The button that closes the dialog without doing anything. */
  dismissLabel?: string;
  /** Runs after the user confirms; with `formAction`, the enclosing form is submitted instead. */
  onConfirm?: () => void;
  /** A server action: the button submits it (with the enclosing form's fields) after confirmation. */
  formAction?: (formData: FormData) => void | Promise<void>;
  danger?: boolean;
  className?: string;
  disabled?: boolean;
};

/**
 * A button that asks before doing something destructive. Uses the native <dialog>, which
 * traps focus, closes on Escape and returns focus to the button.
 */
export function ConfirmButton({ children, message, title, confirmLabel, dismissLabel, onConfirm, formAction, danger = true, className, disabled }: Props) {
  const t = useTranslations('common.confirm');
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  return (
    <>
      <button type="button" className={className ?? (danger ? 'btn btn-danger' : 'btn')} disabled={disabled} onClick={() => dialog.current?.showModal()}>
        {children}
      </button>
      <dialog ref={dialog} className="confirm" aria-labelledby={titleId}>
        <h2 id={titleId}>{title ?? t('title')}</h2>
        <div>{message}</div>
        <div className="actions">
          <button type="button" className="btn" onClick={() => dialog.current?.close()} autoFocus>
            {dismissLabel ?? t('dismiss')}
          </button>
          <button
            type={formAction ? 'submit' : 'button'}
            formAction={formAction}
            className={danger ? 'btn btn-danger' : 'btn btn-primary'}
            onClick={() => {
              dialog.current?.close();
              onConfirm?.();
            }}
          >
            {confirmLabel ?? t('confirm')}
          </button>
        </div>
      </dialog>
    </>
  );
}
