'use client';

import { useActionState, useEffect, useRef } from 'react';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { LOCALES, LOCALE_NAMES } from '@rundbrief/core/i18n/locales';
import { setLanguageAction } from '@/i18n/actions';
import { idle } from '@/lib/action-result';

/**
 * Choosing a language saves it at once (profile when signed in, else a cookie) and re-renders
 * the page in it. Without JavaScript the button submits the same form.
 */
export function LanguageSwitcher({ id = 'language-switch' }: { id?: string }) {
  const t = useTranslations('shell.language');
  const locale = useLocale();
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [state, action, pending] = useActionState(setLanguageAction, idle);
  useEffect(() => {
    if (state.ok) router.refresh();
  }, [state, router]);
  return (
    <form ref={formRef} action={action} className="language-switch" style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
      <label className="label" htmlFor={id} style={{ margin: 0 }}>{t('label')}</label>
      <select id={id} name="locale" style={{ width: "auto" }} defaultValue={locale} disabled={pending} onChange={() => formRef.current?.requestSubmit()}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>{LOCALE_NAMES[l]}</option>
        ))}
      </select>
      <noscript><button type="submit" className="btn btn-sm">{t('apply')}</button></noscript>
      {!state.ok && state.error && <div className="error" role="alert">{t('failed')}</div>}
    </form>
  );
}
