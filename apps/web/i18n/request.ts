// next-intl's request configuration (wired in next.config.ts by createNextIntlPlugin).
// Runs once per request and language: getTranslations({ locale }) with an explicit language
// (a list's, for subscriber pages) gets its own configuration in that language.
import { getRequestConfig } from 'next-intl/server';
import { IntlErrorCode, type IntlError } from 'next-intl';
import { isLocale } from '@rundbrief/core/i18n/locales';
import { loadMessages } from './catalogue.ts';
import { FORMATS, TIME_ZONE } from './formats.ts';
import { requestLocale } from './locale.ts';
import { messageFallback } from './raw-keys.ts';

// A message missing in a language renders as its raw key path ("campaigns.empty.title") in
// every environment: visible, and what e2e/i18n-kit.ts looks for on each page. The
// completeness test (test/i18n-catalogue.test.ts) keeps it from reaching a release.
export function reportIntlError(error: IntlError): void {
  if (error.code === IntlErrorCode.MISSING_MESSAGE) console.error(`i18n: missing message: ${error.originalMessage ?? error.message}`);
  else console.error(`i18n: ${error.code}: ${error.message}`);
}

export default getRequestConfig(async ({ locale: explicit }) => {
  const locale = isLocale(explicit) ? explicit : await requestLocale();
  return {
    locale,
    messages: loadMessages(locale),
    timeZone: TIME_ZONE,
    formats: FORMATS,
    onError: reportIntlError,
    getMessageFallback: messageFallback,
  };
});
