// The password-strength hint in the UI language (issue 14 leftovers): every warning zxcvbn-ts
// can give has a message in every catalogue, and the German meter says German, never the
// library's key or an English sentence. Run: npx vitest run --project unit apps/web/test/password-strength.test.ts
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTranslator } from 'next-intl';
import { zxcvbnOptions } from '@zxcvbn-ts/core';
import { LOCALES, type Locale } from '@rundbrief/core/i18n/locales';
import { readCatalogue } from '../i18n/catalogue.ts';
import { estimateStrength, STRENGTH_WARNINGS, strengthHint } from '../components/password-strength.ts';

const dir = path.join(import.meta.dirname, '../messages');
const translator = (locale: Locale) => {
  const t = createTranslator({ locale, messages: readCatalogue(dir, locale), namespace: 'common.password' as never });
  return (key: string, values?: Record<string, string | number>) => t(key as never, values as never) as string;
};

describe('password strength hint', () => {
  it('knows every warning the library gives, and each has a message in every language', () => {
    expect([...STRENGTH_WARNINGS].sort()).toEqual(Object.keys(zxcvbnOptions.translations.warnings).sort());
    for (const locale of LOCALES) {
      const warnings = (readCatalogue(dir, locale).common!.password as { warnings: Record<string, string> }).warnings;
      for (const w of STRENGTH_WARNINGS) expect(warnings[w], `${locale}: common.password.warnings.${w}`).toBeTruthy();
    }
  });

  it('the German meter shows a German hint for a common password, English for English', () => {
    const s = estimateStrength('password');
    expect(s).toEqual({ score: 0, warning: 'topTen' });
    expect(strengthHint(translator('de'), s)).toBe('Stärke: sehr schwach – Das ist eines der am häufigsten verwendeten Passwörter.');
    expect(strengthHint(translator('en'), s)).toBe('Strength: Very weak — This is one of the most used passwords.');
  });

  it.each([
    ['qwertyuiop', []], ['aaaaaaaa', []], ['abcabcabcabc', []], ['anna.schmidt1', ['anna.schmidt@example.com', 'anna', 'schmidt']],
    ['1987', []], ['13.05.1990', []],
  ] as const)('German hint for %s is German (no key, no English)', (pw, inputs) => {
    const s = estimateStrength(pw, [...inputs]);
    const hint = strengthHint(translator('de'), s);
    expect(hint.startsWith('Stärke: ')).toBe(true);
    if (s.warning) {
      expect(hint).not.toContain(s.warning);
      expect(hint).not.toMatch(/\b(easy|guess|password|used|the)\b/i);
    }
  });

  it('without input: the empty hint', () => {
    expect(strengthHint(translator('de'), null)).toBe('Stärke: Geben Sie ein Passwort ein');
  });
});
