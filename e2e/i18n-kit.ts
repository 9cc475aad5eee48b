// Language helpers for the e2e specs (issue 14).
//   await useLanguage(context, 'de')          -> pages render in German (cookie of the switcher)
//   expect(await rawKeysOn(page)).toEqual([]) -> no untranslated key path on the page
// A message missing in the catalogue renders as its key path ("lists.empty.title"): see
// apps/web/i18n/raw-keys.ts. rawKeysOn looks at the visible text, the title and the
// accessible labels (aria-label, title, placeholder, alt) of the page as it is now.
import path from 'node:path';
import { expect, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
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

// ---------------------------------------------------------------------------------------------
// Untranslated strings on a page (issue 14: "screenshots checked for untranslated strings").
//   const hits = await untranslatedOn(page, 'de', { tenantContent: ['My list', ...] });
//   await checkTranslated(page, testInfo, 'de-list', 'de', { tenantContent })   // screenshot + expect
// Three checks on the visible text, the title, the accessible labels and the options of selects:
//   raw-key   a message key path ("lists.empty.title"): the message is missing (rawKeysOn)
//   catalogue a text that is a message (or a sentence fragment of one) of ANOTHER language whose
//             value in the page's language differs, e.g. "Save campaign" on a German page
//   word      (German pages) an English UI word that has no business in German text (STOP_WORDS)
// Text the tenant wrote (list/campaign names, subjects, ...: tenantContent) is taken out first,
// as are code, text areas (content being edited), e-mail addresses and URLs, and elements whose lang= says another language (the
// language switcher offers "English" on a German page on purpose). An element with
// data-i18n-ignore is skipped with its subtree.

type Flat = Map<string, string>;
function flatten(node: unknown, prefix: string, out: Flat): Flat {
  if (typeof node === 'string') out.set(prefix, node);
  else if (typeof node === 'object' && node !== null) for (const [k, v] of Object.entries(node)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}
const flat: Record<Locale, Flat> = Object.fromEntries(LOCALES.map((l, i) => [l, flatten(catalogues[i], '', new Map())])) as Record<Locale, Flat>;

/** A message of the web app's catalogue as written (no ICU formatting): for labels and buttons in language-neutral specs. */
export function message(locale: Locale, key: string): string {
  const v = flat[locale].get(key);
  if (v === undefined) throw new Error(`i18n-kit: no message ${key} in ${locale}`);
  return v;
}

/** Words of English UI text that do not occur in German text. Case-insensitive, whole words. */
export const STOP_WORDS = /\b(the|your|and|with|save|delete|cancel|create|send|settings|subscribers?|campaigns?|please|click|sign in|sign out|unsubscribed?|confirm(ed)?|recipients?|draft|sent|report|opens?|clicks?|delivered|welcome)\b/i;

/** Values that read the same in both languages or are too short to say anything. */
const AMBIGUOUS = new Set(['OK', 'E-Mail', 'Export', 'Import', 'Status', 'Name', 'Admin', 'Dashboard', 'Newsletter', 'Bounce', 'Bounces', 'Details', 'Domain', 'Text', 'HTML', 'Start', 'Filter', 'Test', 'Marketing', 'Tags', 'Tag', 'Logo', 'Link', 'Links', 'API', 'CSV', 'JSON', 'DKIM', 'SPF', 'DMARC', 'IP', 'Webhooks', 'Webhook', 'Spam', 'Total', 'Plain', 'Preview', 'Feedback', 'Opt-in', 'Audit-Log']);

type Needle = { text: string; key: string; whole: boolean };
const SIMPLE_ARG = /\{[^{}]*\}/g;
const TAG = /<\/?[a-zA-Z][\w-]*>/g;

/** The texts of `from` whose value in `to` differs, as things to look for on a page in `to`. */
function needles(from: Locale, to: Locale): Needle[] {
  const inTarget = [...flat[to].values()];
  const targetValues = new Set(inTarget);
  const targetText = inTarget.join('\n');
  const out: Needle[] = [];
  for (const [key, value] of flat[from]) {
    const other = flat[to].get(key);
    if (other === undefined || other === value) continue;
    if (/\b(plural|select|selectordinal)\b/.test(value)) continue; // branches: not one text
    if (!/[{<]/.test(value)) {
      const v = value.trim();
      if (v.length < 3 || AMBIGUOUS.has(v) || targetValues.has(v) || !/[a-zA-Z]{2}/.test(v)) continue;
      out.push({ text: v, key, whole: true });
      continue;
    }
    // A sentence with placeholders or tags: its literal pieces of two words or more.
    for (const piece of value.replace(TAG, '\u0000').replace(SIMPLE_ARG, '\u0000').split('\u0000')) {
      const p = piece.trim().replace(/^[,.:;!?–—-]+\s*|\s*[,:;–—-]+$/g, '');
      if (p.split(/\s+/).length < 2 || p.length < 8 || targetText.includes(p)) continue;
      out.push({ text: p, key, whole: false });
    }
  }
  return out;
}
const needleCache = new Map<string, Needle[]>();
function needlesFor(locale: Locale): Needle[] {
  const key = locale;
  let n = needleCache.get(key);
  if (!n) {
    n = LOCALES.filter((l) => l !== locale).flatMap((from) => needles(from, locale));
    needleCache.set(key, n);
  }
  return n;
}

export type VisibleText = { text: string; lang: string | null; where: string };

/** Visible text nodes, document title, accessible labels and select options of the page, each with the language of its element. */
export async function visibleTexts(page: Page): Promise<VisibleText[]> {
  return page.evaluate(() => {
    const out: { text: string; lang: string | null; where: string }[] = [];
    const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
    const skipped = (el: Element) => !!el.closest('code,pre,kbd,samp,script,style,noscript,template,iframe,textarea,.cm-editor,[data-i18n-ignore]');
    const langOf = (el: Element) => el.closest('[lang]')?.getAttribute('lang') ?? null;
    const describe = (el: Element) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + (el.getAttribute('data-testid') ? `[data-testid=${el.getAttribute('data-testid')}]` : '');
    if (document.title) out.push({ text: norm(document.title), lang: document.documentElement.getAttribute('lang'), where: 'title' });
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = norm(n.nodeValue ?? '');
      if (!el || !text || skipped(el) || el.closest('select')) continue;
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      out.push({ text, lang: langOf(el), where: describe(el) });
    }
    for (const el of Array.from(document.body.querySelectorAll('[aria-label],[title],[placeholder],[alt]'))) {
      if (skipped(el)) continue;
      for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
        const v = el.getAttribute(a);
        if (v && norm(v)) out.push({ text: norm(v), lang: langOf(el), where: `${describe(el)}@${a}` });
      }
    }
    for (const o of Array.from(document.body.querySelectorAll('select option'))) {
      const sel = o.closest('select')!;
      if (skipped(sel) || !sel.checkVisibility({ visibilityProperty: true })) continue;
      const text = norm(o.textContent ?? '');
      if (text) out.push({ text, lang: langOf(o), where: `${describe(sel)} option` });
    }
    return out;
  });
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Takes tenant-written text, e-mail addresses and URLs out of a text. */
function withoutForeignContent(text: string, tenantContent: string[]): string {
  let t = text;
  for (const c of tenantContent) if (c.trim().length >= 3) t = t.split(c.trim()).join(' ');
  return t
    .replace(/\S+@\S+\.\S+/g, ' ')
    .replace(/\bhttps?:\/\/\S+/g, ' ')
    .replace(/\/[\w./?=&%-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Problems in a set of texts meant to be in `locale` (see the block comment above). Exported for mails and offline tests. */
export function untranslatedIn(texts: VisibleText[], locale: Locale, { tenantContent = [] as string[] } = {}): string[] {
  const hits = new Set<string>();
  const content = [...new Set(tenantContent)].filter((c) => c.trim()).sort((a, b) => b.length - a.length);
  for (const k of findRawKeys(texts.map((t) => t.text).join('\n'), catalogues)) hits.add(`raw-key: ${k}`);
  const needles = needlesFor(locale);
  for (const { text, lang, where } of texts) {
    if (lang && !lang.toLowerCase().startsWith(locale)) continue; // marked as another language on purpose
    const t = withoutForeignContent(text, content);
    if (!t) continue;
    for (const n of needles) {
      const found = n.whole ? t === n.text : new RegExp(`(^|[^\\p{L}])${escapeRe(n.text)}($|[^\\p{L}])`, 'u').test(t);
      if (found) hits.add(`catalogue: "${text}" is ${n.key} of another language (${where})`);
    }
    if (locale === 'de') {
      const w = STOP_WORDS.exec(t);
      if (w) hits.add(`word: "${w[0]}" in "${text}" (${where})`);
    }
  }
  return [...hits];
}

/** untranslatedIn for what the page shows now. */
export async function untranslatedOn(page: Page, locale: Locale, options: { tenantContent?: string[] } = {}): Promise<string[]> {
  return untranslatedIn(await visibleTexts(page), locale, options);
}

/**
 * One checkpoint of a journey: a full-page screenshot (attached to the test and kept under
 * test-results/languages/), then no raw key and no untranslated string (untranslatedOn; a soft
 * expectation: the test fails at its end, after listing every page with a problem).
 */
export async function checkTranslated(page: Page, testInfo: TestInfo, name: string, locale: Locale, options: { tenantContent?: string[] } = {}): Promise<void> {
  const file = path.join(import.meta.dirname, '../test-results/languages', `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
  const hits = await untranslatedOn(page, locale, options);
  // soft: the journey goes on, so one run lists every page with a problem
  expect.soft(hits, `untranslated on ${name} (${page.url()})`).toEqual([]);
}
