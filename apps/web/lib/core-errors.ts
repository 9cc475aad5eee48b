// Messages of core rules (DomainError and core's zod schemas) in the user's language, at the
// web boundary for forms (issue 14). Core writes English and its DomainError code is only a
// category (VALIDATION, CONFLICT, …), so the stable id of a message is its key in the catalogue,
// errors.core.<area>.<name>, whose English text is exactly what core writes:
//   - a text without placeholders is matched as it is;
//   - a text with simple placeholders ("{value} is already on the blocklist.") becomes a pattern,
//     and what stands where a placeholder is becomes that placeholder's value (a whole number as
//     a number, so the German text can use plural).
// A message no entry matches stays as core wrote it (English), so a changed core wording only
// loses its translation; test/core-errors.test.ts checks every entry against core's source.
// The REST API does not come here: integrators get core's English messages.
import { getLocale, getTranslations } from 'next-intl/server';
import {
  isArgumentElement, isLiteralElement, isNumberElement, isPluralElement, isPoundElement, isSelectElement, parse, type MessageFormatElement,
} from '@formatjs/icu-messageformat-parser';
import { loadMessages } from '../i18n/catalogue.ts';
import type { ActionResult } from './action-result.ts';

type Pattern = { key: string; re: RegExp; groups: string[] };
type Matchers = { exact: Map<string, string>; patterns: Pattern[] };

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The regular expression source matching what an English ICU message renders to; each capture
 * group's placeholder name goes to `groups`. Plural and select become alternatives of their
 * branches (# is a number), so "{count, plural, one {# digit} other {# digits}}" matches "1 digit"
 * and "3 digits". null: the message uses something core's texts cannot be matched by (tags, dates).
 */
function toSource(nodes: MessageFormatElement[], groups: string[], pound: string | null): string | null {
  let out = '';
  for (const n of nodes) {
    if (isLiteralElement(n)) out += escapeRe(n.value);
    else if (isArgumentElement(n) || isNumberElement(n)) {
      groups.push(n.value);
      out += '([\\s\\S]+?)';
    } else if (isPoundElement(n)) {
      if (!pound) return null;
      groups.push(pound);
      out += '(\\d[\\d,]*)';
    } else if (isSelectElement(n) || isPluralElement(n)) {
      const branches: string[] = [];
      for (const option of Object.values(n.options)) {
        const b = toSource(option.value, groups, isPluralElement(n) ? n.value : pound);
        if (b === null) return null;
        branches.push(b);
      }
      out += `(?:${branches.join('|')})`;
    } else return null;
  }
  return out;
}

/** English ICU message -> exact text or pattern; null when core's text could not be matched by it. */
export function matcherFor(key: string, english: string): { exact: string } | Pattern | null {
  let ast: MessageFormatElement[];
  try {
    ast = parse(english);
  } catch {
    return null;
  }
  if (ast.every(isLiteralElement)) return { exact: ast.map((n) => n.value).join('') };
  const groups: string[] = [];
  const source = toSource(ast, groups, null);
  return source === null ? null : { key, re: new RegExp(`^${source}$`), groups };
}

function collect(node: unknown, prefix: string, out: Matchers): void {
  if (typeof node === 'string') {
    const m = matcherFor(prefix, node);
    if (!m) return;
    if ('exact' in m) {
      if (!out.exact.has(m.exact)) out.exact.set(m.exact, prefix);
    } else out.patterns.push(m);
    return;
  }
  if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) collect(v, prefix ? `${prefix}.${k}` : k, out);
}

let cached: Matchers | null = null;

/** Matchers from the English catalogue's errors.core (built once per process in production). */
function matchers(): Matchers {
  if (cached && process.env.NODE_ENV === 'production') return cached;
  const out: Matchers = { exact: new Map(), patterns: [] };
  collect((loadMessages('en').errors as Record<string, unknown> | undefined)?.core, '', out);
  // More fixed text first: "A {status} campaign cannot be edited." wins over "A {status} campaign cannot be {verb}".
  const fixed = (p: Pattern) => p.re.source.replace(/\(\[\\s\\S\]\+\?\)|\(\\d\[\\d,\]\*\)/g, '').length;
  out.patterns.sort((a, b) => fixed(b) - fixed(a));
  return (cached = out);
}

/** Which catalogue entry an English core message is, with the values of its placeholders. */
export function identifyCoreMessage(message: string): { key: string; values: Record<string, string | number> } | null {
  const { exact, patterns } = matchers();
  const key = exact.get(message);
  if (key) return { key, values: {} };
  for (const p of patterns) {
    const m = p.re.exec(message);
    if (!m) continue;
    const values: Record<string, string | number> = {};
    p.groups.forEach((name, i) => {
      const v = m[i + 1];
      if (v === undefined || name in values) return;
      values[name] = /^\d{1,3}(,\d{3})*$|^\d{1,12}$/.test(v) ? Number(v.replace(/,/g, '')) : v;
    });
    return { key: p.key, values };
  }
  return null;
}

type Translate = (message: string) => string;

/** A translator for core messages in the request's language; identity in English or outside a request. */
export async function coreMessageTranslator(): Promise<Translate> {
  try {
    if ((await getLocale()) === 'en') return (m) => m;
    const t = await getTranslations('errors.core');
    return (message) => {
      const found = message ? identifyCoreMessage(message) : null;
      if (!found) return message;
      try {
        return t(found.key as never, found.values as never);
      } catch {
        return message;
      }
    };
  } catch {
    return (m) => m;
  }
}

/** One core message in the user's language (pages that show a DomainError's message). */
export async function coreMessage(message: string): Promise<string> {
  return (await coreMessageTranslator())(message);
}

/** A failed action's message and field errors in the user's language, where they are core's. */
export async function localiseCoreErrors<T>(r: ActionResult<T>): Promise<ActionResult<T>> {
  if (r.ok) return r;
  const tr = await coreMessageTranslator();
  const fieldErrors = Object.fromEntries(Object.entries(r.fieldErrors).map(([k, v]) => [k, v.map(tr)]));
  return { ...r, error: tr(r.error), fieldErrors };
}
