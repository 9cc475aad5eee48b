'use client';

import { useTranslations } from 'next-intl';
import { LOCALES, LOCALE_NAMES } from '@rundbrief/core/i18n/locales';

/** The language the list speaks to its subscribers: hosted form, confirmation and unsubscribe pages, built-in mails. */
export function ListLanguageSelect({ value }: { value: string }) {
  const t = useTranslations('listLanguage');
  return (
    <div className="field">
      <label className="label" htmlFor="list-language">{t('label')}</label>
      <select id="list-language" name="language" defaultValue={value} aria-describedby="list-language-hint">
        {LOCALES.map((l) => <option key={l} value={l} lang={l}>{LOCALE_NAMES[l]}</option>)}
      </select>
      <div id="list-language-hint" className="hint">{t('hint')}</div>
    </div>
  );
}
