// A small ICU translator for texts core writes (mails, exports): the same message syntax as
// the web app's next-intl catalogue, formatted by intl-messageformat.
//   const t = coreTranslator('de', 'consent');  t('confirmSubject', { tenant })  -> plain text
//   t.html('confirmBody', { tenant })  -> HTML: values escaped, <b>…</b> becomes <strong>
import { IntlMessageFormat } from 'intl-messageformat';
import { DEFAULT_LOCALE, type Locale } from './locales.ts';
import en from './messages/en.ts';
import de from './messages/de.ts';

type Tree = { readonly [k: string]: string | Tree };
export const CORE_MESSAGES: Record<Locale, Tree> = { en, de };

type Values = Record<string, string | number | Date>;
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const compiled = new Map<string, IntlMessageFormat>();

function message(locale: Locale, path: string): string | null {
  let node: string | Tree | undefined = CORE_MESSAGES[locale];
  for (const part of path.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : null;
}

function format(locale: Locale, path: string, values: Record<string, unknown>): string {
  const source = message(locale, path) ?? message(DEFAULT_LOCALE, path);
  if (source === null) return path; // like the web app: a missing key shows as its path
  const id = `${locale}\0${path}`;
  let mf = compiled.get(id);
  if (!mf) compiled.set(id, (mf = new IntlMessageFormat(source, locale)));
  const out = mf.format(values as never);
  return Array.isArray(out) ? out.join('') : String(out);
}

export type CoreTranslator = ((key: string, values?: Values) => string) & { html: (key: string, values?: Values) => string; locale: Locale };

export function coreTranslator(locale: Locale, namespace: string): CoreTranslator {
  const t = ((key: string, values: Values = {}) => format(locale, `${namespace}.${key}`, { b: (c: string[]) => c.join(''), ...values })) as CoreTranslator;
  t.html = (key, values = {}) => {
    const escaped = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? escapeHtml(v) : v]));
    // The message text itself is ours; escape what is not markup we put there.
    return format(locale, `${namespace}.${key}`, { b: (c: string[]) => `<strong>${c.join('')}</strong>`, ...escaped });
  };
  t.locale = locale;
  return t;
}
