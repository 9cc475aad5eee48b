// The languages Rundbrief speaks (issue 14). Shared by the web app (UI language), lists
// (subscriber-facing pages and default mails) and system mail (the recipient user's language).
import { z } from 'zod';

export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';
export const localeSchema = z.enum(LOCALES);

/** Names of the languages in themselves, for switchers (a German speaker looks for "Deutsch"). */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', de: 'Deutsch' };

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/**
 * The best supported language for an Accept-Language header (RFC 9110 §12.5.4): entries by
 * descending q, ties in header order; "de-AT" matches "de"; q=0 means "not this one".
 * Anything unusable gives the default. Bounded: only the first 32 entries of a 1 KB header.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranges = acceptLanguage
    .slice(0, 1024)
    .split(',')
    .slice(0, 32)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const q = qParam ? Number(qParam.slice(2)) : 1;
      return { base: tag.trim().toLowerCase().split('-')[0] ?? '', q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const r of ranges) if (isLocale(r.base)) return r.base;
  return DEFAULT_LOCALE;
}
