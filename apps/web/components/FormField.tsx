import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'children'> & {
  label: string;
  name: string;
  hint?: ReactNode;
  /** Messages for this field, e.g. ActionResult.fieldErrors[name]. */
  errors?: string[];
  /** Render a custom control instead of <input>; it receives the ids to wire up. */
  children?: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
};

/** Label + control + hint + errors, linked with aria-describedby / aria-invalid. */
export function FormField({ label, name, hint, errors, children, ...input }: Props) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const invalid = Boolean(errors?.length);
  return (
    <div className="field">
      <label className="label" htmlFor={id}>{label}</label>
      {children ? children({ id, describedBy, invalid }) : <input id={id} name={name} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...input} />}
      {hint && <div id={hintId} className="hint">{hint}</div>}
      {errorId && <div id={errorId} className="error">{errors!.join(' ')}</div>}
    </div>
  );
}
