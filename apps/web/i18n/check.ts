// Catalogue checks shared by the completeness test and anyone who wants them in a script:
// every key in every language, every message valid ICU, the same placeholders everywhere.
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type { Catalogue } from './catalogue.ts';

/** "campaigns.empty.title" -> message, for every string leaf. Non-string leaves are reported. */
export function flatten(catalogue: Catalogue): { messages: Map<string, string>; problems: string[] } {
  const messages = new Map<string, string>();
  const problems: string[] = [];
  const walk = (node: unknown, prefix: string) => {
    if (typeof node === 'string') messages.set(prefix, node);
    else if (typeof node === 'object' && node !== null && !Array.isArray(node)) {
      for (const [k, v] of Object.entries(node)) {
        if (k.includes('.')) problems.push(`${prefix}.${k}: a key must not contain "." (next-intl reads it as nesting)`);
        walk(v, prefix ? `${prefix}.${k}` : k);
      }
    } else problems.push(`${prefix}: a message must be a string or an object of messages`);
  };
  walk(catalogue, '');
  return { messages, problems };
}

/** Argument names with their kind ("count:plural", "name:text", "strong:tag"), sorted. */
export function placeholders(message: string): string[] {
  const found = new Set<string>();
  const kind: Partial<Record<TYPE, string>> = {
    [TYPE.argument]: 'text', [TYPE.number]: 'number', [TYPE.date]: 'date', [TYPE.time]: 'time',
    [TYPE.select]: 'select', [TYPE.plural]: 'plural', [TYPE.tag]: 'tag',
  };
  const visit = (els: MessageFormatElement[]) => {
    for (const el of els) {
      const k = kind[el.type];
      if (k && 'value' in el && typeof el.value === 'string') found.add(`${el.value}:${k}`);
      if (el.type === TYPE.select || el.type === TYPE.plural) for (const o of Object.values(el.options)) visit(o.value);
      if (el.type === TYPE.tag) visit(el.children);
    }
  };
  visit(parse(message));
  // A select that echoes its own value in `other {{role}}` also uses it as text: not a difference.
  for (const p of [...found]) if (p.endsWith(':text') && (found.has(p.replace(/:text$/, ':select')))) found.delete(p);
  return [...found].sort();
}

/** Every problem of a set of catalogues, one line each (empty: all good). */
export function checkCatalogues(catalogues: Record<string, Catalogue>): string[] {
  const problems: string[] = [];
  const flat = Object.fromEntries(
    Object.entries(catalogues).map(([locale, c]) => {
      const f = flatten(c);
      problems.push(...f.problems.map((p) => `${locale}: ${p}`));
      return [locale, f.messages];
    }),
  );
  const locales = Object.keys(flat);
  const allKeys = new Set(locales.flatMap((l) => [...flat[l]!.keys()]));
  for (const key of [...allKeys].sort()) {
    const missing = locales.filter((l) => !flat[l]!.has(key));
    if (missing.length) {
      problems.push(`${key}: missing in ${missing.join(', ')} (present in ${locales.filter((l) => !missing.includes(l)).join(', ')})`);
      continue;
    }
    const args: Record<string, string> = {};
    for (const l of locales) {
      const message = flat[l]!.get(key)!;
      if (message.trim() === '') problems.push(`${l}: ${key}: empty message`);
      try {
        args[l] = placeholders(message).join(', ');
      } catch (err) {
        problems.push(`${l}: ${key}: not a valid ICU message (${(err as Error).message}): ${message}`);
      }
    }
    const variants = new Set(Object.values(args));
    if (Object.keys(args).length === locales.length && variants.size > 1) {
      problems.push(`${key}: placeholders differ: ${locales.map((l) => `${l} {${args[l]}}`).join(' vs ')}`);
    }
  }
  return problems;
}
