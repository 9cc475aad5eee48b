// Translations for route handlers that answer a visitor without a session (the /u unsubscribe
// pages): the language is the subscriber's list's when known, else the visitor's switcher
// cookie, else Accept-Language. Built with next-intl's createTranslator from the same
// catalogue and formats as pages, and from the Request itself rather than next/headers, so
// the handler works the same when called outside Next's request scope (the int tests).
import { createTranslator } from 'next-intl';
import { isLocale, negotiateLocale, type Locale } from '@rundbrief/core/i18n/locales';
import { loadMessages } from './catalogue.ts';
import { FORMATS, TIME_ZONE } from './formats.ts';
import { LOCALE_COOKIE } from './cookie-name.ts';
import { messageFallback } from './raw-keys.ts';

/** The visitor's language from the request: switcher cookie, then Accept-Language. */
export function visitorLocale(req: Request): Locale {
  const cookies = req.headers.get('cookie') ?? '';
  for (const part of cookies.split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === LOCALE_COOKIE && isLocale(value)) return value;
  }
  return negotiateLocale(req.headers.get('accept-language'));
}

export function routeTranslator(req: Request, namespace: string, locale?: Locale) {
  const lang = locale ?? visitorLocale(req);
  const t = createTranslator({
    locale: lang,
    messages: loadMessages(lang),
    namespace,
    formats: FORMATS,
    timeZone: TIME_ZONE,
    getMessageFallback: messageFallback,
    onError: (e) => console.error(`i18n: ${e.code}: ${e.message}`),
  });
  return { locale: lang, t };
}
