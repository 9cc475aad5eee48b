// Starter choices in the forms: the starters in the user's UI language come first and are
// the default (their value is the plain key, "newsletter"); the other languages' starters
// follow, named "<lang>:<key>" ("de:newsletter"). Core checks the key and the language.
import { isLocale, LOCALES, type Locale } from '@rundbrief/core/i18n/locales';

/** "de:plain" -> ['de', 'plain']; "plain" -> [uiLocale, 'plain']; an unknown language falls back to the UI language. */
export function splitStarter(value: string, uiLocale: string): [Locale | undefined, string] {
  const ui = isLocale(uiLocale) ? uiLocale : undefined;
  const i = value.indexOf(':');
  if (i < 0) return [ui, value];
  const lang = value.slice(0, i);
  return [isLocale(lang) ? lang : ui, value.slice(i + 1)];
}

/** The languages in the order the forms offer them: the UI language first. */
export function starterLanguages(uiLocale: string): Locale[] {
  return isLocale(uiLocale) ? [uiLocale, ...LOCALES.filter((l) => l !== uiLocale)] : [...LOCALES];
}

/** The form value of a starter: the bare key in the UI language, "<lang>:<key>" otherwise. */
export const starterValue = (lang: Locale, key: string, uiLocale: string) => (lang === uiLocale ? key : `${lang}:${key}`);
