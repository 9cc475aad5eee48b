// Language helpers for the e2e specs (issue 14).
//   await useLanguage(context, 'de')          -> pages render in German (cookie of the switcher)
//   expect(await rawKeysOn(page)).toEqual([]) -> no untranslated key path on the page
// A message missing in the catalogue renders as its key path ("lists.empty.title"): see
// apps/web/i18n/raw-keys.ts. rawKeysOn looks at the visible text, the title and the
// accessible labels (aria-label, title, placeholder, alt) of the page as it is now.
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { LOCALES, type Locale } from '@rundbrief/core/i18n/locales';
import { readCatalogue } from '../apps/web/i18n/catalogue.ts';
import { findRawKeys } from '../apps/web/i18n/raw-keys.ts';

const MESSAGES = path.join(import.meta.dirname, '../apps/web/messages');
const catalogues = LOCALES.map((l) => readCatalogue(MESSAGES, l));

export const LOCALE_COOKIE = 'rb-locale';

/** Renders the context's pages in `locale` for visitors who are not signed in (a signed-in user's profile language wins). */
export async function useLanguage(context: BrowserContext, locale: Locale, baseURL = `http://localhost:${process.env.E2E_PORT ?? 3200}`): Promise<void> {
  await context.addCookies([{ name: LOCALE_COOKIE, value: locale, url: baseURL }]);
}

/** Raw message keys visible on the page (empty when everything is translated). */
export async function rawKeysOn(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const parts = [document.title, document.body.innerText];
    for (const el of Array.from(document.querySelectorAll('[aria-label],[title],[placeholder],[alt]'))) {
      for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
        const v = el.getAttribute(a);
        if (v) parts.push(v);
      }
    }
    return parts.join('\n');
  });
  return findRawKeys(text, catalogues);
}

/** The page's <html lang>. */
export async function htmlLang(page: Page): Promise<string | null> {
  return page.locator('html').getAttribute('lang');
}
