// A message that is missing renders as its key path ("auth.login.heading"): the same in
// server components (request.ts) and client components (next-intl's default). e2e/i18n-kit.ts
// looks for such words on every page it visits, so an untranslated string cannot hide.
import type { Catalogue } from './catalogue.ts';

export function messageFallback({ namespace, key }: { namespace?: string; key: string }): string {
  return namespace ? `${namespace}.${key}` : key;
}

/** Dotted words that start with an area name, e.g. "shell.nav.lists" (or "lists.example.com"). */
function candidates(text: string, namespaces: string[]): string[] {
  const ns = [...namespaces].sort((a, b) => b.length - a.length).join('|');
  const re = new RegExp(`(?<![\\w.@/-])(?:${ns})(?:\\.[a-zA-Z][a-zA-Z0-9_]*)+(?![\\w@/-]|\\.[a-zA-Z])`, 'g');
  return [...new Set(text.match(re) ?? [])];
}

function lookup(c: Catalogue, pathParts: string[]): unknown {
  let node: unknown = c;
  for (const p of pathParts) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[p] : undefined;
  return node;
}

/**
 * Raw key paths in a text (visible text, titles, labels), each once: a dotted word is one when
 * it is a message of some language (missing in this one) or sits in a group of messages that
 * exists (a mistyped key). "admin.example.com" is neither, so host names are not reported.
 */
export function findRawKeys(text: string, catalogues: Catalogue[]): string[] {
  const namespaces = [...new Set(catalogues.flatMap((c) => Object.keys(c)))];
  return candidates(text, namespaces).filter((word) => {
    const parts = word.split('.');
    return catalogues.some((c) => {
      if (typeof lookup(c, parts) === 'string') return true;
      const parent = lookup(c, parts.slice(0, -1));
      return typeof parent === 'object' && parent !== null;
    });
  });
}
