// The message catalogue: one JSON file per area and language, messages/<locale>/<area>.json.
// The file name is the namespace (messages/de/campaigns.json -> t('campaigns.…') or
// getTranslations('campaigns')). Adding an area means adding two files; nothing else lists
// them, so translators working on different areas never touch the same file.
import fs from 'node:fs';
import path from 'node:path';
import type { Locale } from '@rundbrief/core/i18n/locales';

export type Catalogue = Record<string, Record<string, unknown>>;

const NAMESPACE = /^[a-z][a-zA-Z0-9]*$/;

/** messages/ of the web app, whether the server runs from the repository root or apps/web. */
export function messagesDir(): string {
  const cwd = process.cwd();
  const candidates = [path.join(cwd, /* turbopackIgnore: true */ 'messages'), path.join(cwd, /* turbopackIgnore: true */ 'apps/web/messages')];
  const found = candidates.find((d) => fs.existsSync(path.join(d, 'en')));
  if (!found) throw new Error(`i18n: no messages/en folder under ${cwd}`);
  return found;
}

/** Every <area>.json of one language, keyed by area. A broken file names itself. */
export function readCatalogue(dir: string, locale: Locale): Catalogue {
  const folder = path.join(dir, locale);
  const out: Catalogue = {};
  for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.json')).sort()) {
    const namespace = file.slice(0, -'.json'.length);
    if (!NAMESPACE.test(namespace)) throw new Error(`i18n: ${locale}/${file}: an area name is lowerCamelCase letters and digits`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8'));
    } catch (err) {
      throw new Error(`i18n: ${locale}/${file} is not valid JSON: ${(err as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`i18n: ${locale}/${file} must hold an object`);
    out[namespace] = parsed as Record<string, unknown>;
  }
  return out;
}

const cached = new Map<Locale, Catalogue>();

/** The catalogue of a language: read once per process in production, on every request in dev. */
export function loadMessages(locale: Locale): Catalogue {
  if (process.env.NODE_ENV !== 'production') return readCatalogue(messagesDir(), locale);
  let c = cached.get(locale);
  if (!c) cached.set(locale, (c = readCatalogue(messagesDir(), locale)));
  return c;
}
