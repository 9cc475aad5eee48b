'use client';

import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';

export function LoginForm({ callbackUrl, initialError }: { callbackUrl: string; initialError: string | null }) {
  const t = useTranslations('auth.login');
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);
  // Second step: the password was right and the account has TOTP on.
  const [needCode, setNeedCode] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn('credentials', {
      redirect: false,
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      totp: String(form.get('totp') ?? ''),
    });
    setPending(false);
    if (result?.error?.startsWith('TOTP_REQUIRED:')) {
      setNeedCode(true);
      setError(needCode ? result.error.slice('TOTP_REQUIRED:'.length) : null);
      return;
    }
    if (!result || result.error) {
      // authorize() throws the rule's own message (wrong password, locked, ...).
      setError(result?.error && result.error !== 'CredentialsSignin' ? result.error : t('invalid'));
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate aria-describedby={error ? 'login-error' : undefined}>
      {error && (
        <div id="login-error" className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      <div className="field">
        <label className="label" htmlFor="email">{t('email')}</label>
        <input id="email" name="email" type="email" autoComplete="username" required aria-invalid={error ? true : undefined} />
      </div>
      <div className="field">
        <label className="label" htmlFor="password">{t('password')}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required aria-invalid={error ? true : undefined} />
      </div>
      {needCode && (
        <div className="field">
          <label className="label" htmlFor="totp">{t('totp')}</label>
          <input id="totp" name="totp" inputMode="numeric" autoComplete="one-time-code" autoFocus required aria-describedby="totp-hint" />
          <div id="totp-hint" className="hint">{t('totpHint')}</div>
        </div>
      )}
      <button type="submit" className="btn btn-primary" disabled={pending} style={{ width: '100%' }}>
        {pending ? t('submitting') : t('submit')}
      </button>
      <p className="muted" style={{ marginTop: 12 }}>
        <a href="/reset-password">{t('forgot')}</a> · <a href="/signup">{t('signUp')}</a>
      </p>
    </form>
  );
}
