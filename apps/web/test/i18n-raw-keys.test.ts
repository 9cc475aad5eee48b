import { describe, expect, it } from 'vitest';
import { createTranslator } from 'next-intl';
import { findRawKeys, messageFallback } from '../i18n/raw-keys.ts';

const en = { shell: { signOut: 'Sign out', nav: { overview: 'Overview' } }, auth: { login: { heading: 'Sign in' } }, admin: { title: 'Operator' } };
const de = { shell: { signOut: 'Abmelden' }, auth: { login: {} }, admin: { title: 'Betrieb' } };

describe('raw-key guard', () => {
  it('a message missing in German renders as a key path that the e2e guard finds', () => {
    const t = createTranslator({ locale: 'de', messages: de, namespace: 'shell', getMessageFallback: messageFallback, onError: () => {} });
    expect(t('signOut')).toBe('Abmelden');
    // A key this catalogue lacks (the type check would refuse it; at runtime it happens).
    const missing = (t as unknown as (key: string) => string)('nav.overview');
    expect(missing).toBe('shell.nav.overview');
    expect(findRawKeys(`Menü ${missing} Abmelden`, [en, de])).toEqual(['shell.nav.overview']);
  });

  it('finds mistyped keys of an existing group, not host names, addresses or prose', () => {
    const text = 'auth.login.headng · admin.example.com info@shell.example · Shell.Nav https://x.de/admin.csv shell.signOut.';
    expect(findRawKeys(text, [en, de])).toEqual(['auth.login.headng', 'shell.signOut']);
  });
});
