// Subscriber-facing pages speak their list's language, not the visitor's (issue 14): the page
// passes it to getTranslations({ locale, namespace: 'public' }), sets lang= on its <main>, and
// wraps client components in <InLanguage> so useTranslations() there speaks it too.
import type { ReactNode } from 'react';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import type { Locale } from '@rundbrief/core/i18n/locales';

export async function InLanguage({ locale, children }: { locale: Locale; children: ReactNode }) {
  const messages = await getMessages({ locale });
  return (
    <NextIntlClientProvider locale={locale} messages={{ public: messages.public, common: messages.common }}>
      {children}
    </NextIntlClientProvider>
  );
}

/** getTranslations in an explicit language, or the request's when there is none (an unknown token). */
export function translationsIn(locale: Locale | undefined, namespace: string) {
  return locale ? getTranslations({ locale, namespace }) : getTranslations(namespace);
}
