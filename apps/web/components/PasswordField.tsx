'use client';

import { useId, useMemo, useState } from 'react';
import { useTranslations } from 'next-intl';
import { checkPasswordRules, type PasswordPolicy } from '@rundbrief/core/accounts/password-rules';
import { estimateStrength, strengthHint } from './password-strength';
import styles from './PasswordField.module.css';

type Props = {
  name: string;
  label: string;
  /** The rules the server will enforce; shown live as a checklist. Omit for "current password" fields. */
  policy?: PasswordPolicy;
  /** Words the password should not be built from (e-mail, name, account name). */
  userInputs?: string[];
  errors?: string[];
  autoComplete?: 'new-password' | 'current-password';
};

/**
 * A password input with a strength meter (zxcvbn estimate, hints in the UI language) and the tenant's rules as a
 * live checklist. The server checks the same rules again; this is guidance only.
 */
export function PasswordField({ name, label, policy, userInputs = [], errors, autoComplete = 'new-password' }: Props) {
  const t = useTranslations('common.password');
  const id = useId();
  const [value, setValue] = useState('');
  const [shown, setShown] = useState(false);
  // The server's message judged the password that was submitted; once the user types again it
  // is stale (the live checklist speaks for the new value) until the next answer brings new errors.
  const [staleErrors, setStaleErrors] = useState<string[] | undefined>();
  const shownErrors = errors?.length && errors !== staleErrors ? errors : undefined;
  const meter = autoComplete === 'new-password';
  const strength = useMemo(() => (meter && value ? estimateStrength(value, userInputs) : null), [meter, value, userInputs]);
  const failed = useMemo(() => (policy ? new Set(checkPasswordRules(policy, value).map((v) => v.rule)) : new Set<string>()), [policy, value]);
  const rules = policy
    ? [
        { rule: 'length', text: t('ruleLength', { count: Math.max(8, policy.pwMinLength) }) },
        ...(policy.pwMinDigits > 0 ? [{ rule: 'digits', text: t('ruleDigits', { count: policy.pwMinDigits }) }] : []),
        ...(policy.pwMinSymbols > 0 ? [{ rule: 'symbols', text: t('ruleSymbols', { count: policy.pwMinSymbols }) }] : []),
        ...(policy.pwHistoryCount > 0 ? [{ rule: 'history', text: t('ruleHistory', { count: policy.pwHistoryCount }) }] : []),
      ]
    : [];
  const describedBy = [meter ? `${id}-strength` : '', rules.length ? `${id}-rules` : '', shownErrors ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

  return (
    <div className="field">
      <label className="label" htmlFor={id}>{label}</label>
      <div className={styles.row}>
        <input
          id={id}
          name={name}
          type={shown ? 'text' : 'password'}
          autoComplete={autoComplete}
          value={value}
          onChange={(e) => { setValue(e.target.value); setStaleErrors(errors); }}
          aria-invalid={shownErrors ? true : undefined}
          aria-describedby={describedBy}
          required
        />
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => setShown((s) => !s)} aria-pressed={shown} aria-controls={id}>
          {shown ? t('hide') : t('show')}
        </button>
      </div>
      {meter && (
        <div id={`${id}-strength`} className={styles.meter} data-score={strength?.score ?? -1} aria-live="polite">
          <div className={styles.bars} aria-hidden="true">
            {[0, 1, 2, 3, 4].map((i) => <span key={i} className={strength && i <= strength.score ? styles.on : undefined} />)}
          </div>
          <span className="hint">
            {strengthHint(t, strength)}
          </span>
        </div>
      )}
      {rules.length > 0 && (
        <ul id={`${id}-rules`} className={styles.rules}>
          {rules.map((r) => {
            // History can only be checked on the server.
            const ok = r.rule === 'history' ? null : value !== '' && !failed.has(r.rule);
            return (
              <li key={r.rule} data-ok={ok === null ? undefined : ok}>
                <span aria-hidden="true">{ok ? '✓' : '•'}</span> {r.text}
                {ok && <span className="sr-only"> {t('met')}</span>}
              </li>
            );
          })}
        </ul>
      )}
      {shownErrors ? <div id={`${id}-error`} className="error" role="alert">{shownErrors.join(' ')}</div> : null}
    </div>
  );
}
