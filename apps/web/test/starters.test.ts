// Which language's starter a form value means: the bare key is the user's UI language
// (so a German user's default is German), "<lang>:<key>" names another language.
import { describe, expect, it } from 'vitest';
import { splitStarter, starterLanguages, starterValue } from '../lib/starters.ts';

describe('starter choices', () => {
  it('offers the UI language first', () => {
    expect(starterLanguages('de')).toEqual(['de', 'en']);
    expect(starterLanguages('en')).toEqual(['en', 'de']);
  });
  it('the bare key is the UI language, a prefixed key names its language', () => {
    expect(splitStarter('newsletter', 'de')).toEqual(['de', 'newsletter']);
    expect(splitStarter('en:plain', 'de')).toEqual(['en', 'plain']);
    expect(splitStarter('de:plain', 'en')).toEqual(['de', 'plain']);
    expect(splitStarter('xx:plain', 'de')).toEqual(['de', 'plain']);
    expect(starterValue('de', 'plain', 'de')).toBe('plain');
    expect(starterValue('de', 'plain', 'en')).toBe('de:plain');
  });
});
