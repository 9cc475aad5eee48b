import { describe, expect, it } from 'vitest';
import { negotiateLocale } from './locales.ts';

describe('negotiateLocale', () => {
  it('picks the supported language the browser prefers most', () => {
    expect(negotiateLocale('de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('de');
    expect(negotiateLocale('en-US,en;q=0.9,de;q=0.8')).toBe('en');
    expect(negotiateLocale('fr-FR,fr;q=0.9,de;q=0.8,en;q=0.5')).toBe('de');
    expect(negotiateLocale('en;q=0.5, de-AT;q=0.8')).toBe('de');
  });
  it('falls back to English for unsupported, refused or missing languages', () => {
    expect(negotiateLocale('fr-FR,fr;q=0.9')).toBe('en');
    expect(negotiateLocale('de;q=0')).toBe('en');
    expect(negotiateLocale('')).toBe('en');
    expect(negotiateLocale(null)).toBe('en');
    expect(negotiateLocale('*')).toBe('en');
    expect(negotiateLocale(';;;,,,q=x')).toBe('en');
  });
});
