// The completeness check of issue 14: both languages have every message, every message is
// valid ICU, and a message uses the same placeholders in both (a German text that drops
// {count} would show the wrong sentence). Run: npx vitest run --project unit apps/web/test/i18n-catalogue.test.ts
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '@rundbrief/core/i18n/locales';
import { CORE_MESSAGES } from '@rundbrief/core/i18n/translate';
import { readCatalogue, type Catalogue } from '../i18n/catalogue.ts';
import { checkCatalogues, placeholders } from '../i18n/check.ts';

const dir = path.join(import.meta.dirname, '../messages');

describe('message catalogue', () => {
  it('has every message in every language, as valid ICU with the same placeholders', () => {
    const catalogues = Object.fromEntries(LOCALES.map((l) => [l, readCatalogue(dir, l)]));
    expect(Object.keys(catalogues.en!).length).toBeGreaterThan(3);
    expect(checkCatalogues(catalogues)).toEqual([]);
  });

  it('core texts (system and consent mails) are complete in every language too', () => {
    expect(checkCatalogues(CORE_MESSAGES as Record<string, Catalogue>)).toEqual([]);
  });

  it('reports a key missing in one language', () => {
    const problems = checkCatalogues({ en: { shell: { a: 'A', b: 'B' } }, de: { shell: { a: 'A' } } });
    expect(problems).toEqual(['shell.b: missing in de (present in en)']);
  });

  it('reports a whole area missing in one language', () => {
    expect(checkCatalogues({ en: { lists: { title: 'Lists' } }, de: {} })).toEqual(['lists.title: missing in de (present in en)']);
  });

  it('reports a message that is not valid ICU', () => {
    const problems = checkCatalogues({ en: { x: { a: '{count, plural, one {# item} other {# items}' } }, de: { x: { a: 'x' } } });
    expect(problems.some((p) => p.startsWith('en: x.a: not a valid ICU message'))).toBe(true);
  });

  it('reports placeholders that differ between languages', () => {
    const problems = checkCatalogues({
      en: { x: { a: '{count, plural, one {# list} other {# lists}}', b: 'Hello {name}', c: 'Read <link>more</link>' } },
      de: { x: { a: '# Listen', b: 'Hallo {nme}', c: 'Mehr lesen' } },
    });
    expect(problems).toEqual([
      'x.a: placeholders differ: en {count:plural} vs de {}',
      'x.b: placeholders differ: en {name:text} vs de {nme:text}',
      'x.c: placeholders differ: en {link:tag} vs de {}',
    ]);
  });

  it('reads arguments inside plural branches and rich-text tags', () => {
    expect(placeholders('{n, plural, one {<b>{name}</b> has # list} other {# lists}}')).toEqual(['b:tag', 'n:plural', 'name:text']);
  });
});
