// Core's English messages at the web boundary (lib/core-errors.ts): which catalogue entry a
// message core produced is, and that every entry still matches what core writes.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTranslator } from 'next-intl';
import { parse, isLiteralElement } from '@formatjs/icu-messageformat-parser';
import { checkPasswordRules } from '@rundbrief/core/accounts/password-rules';
import { devDnsRecordInput } from '@rundbrief/core/senders/dev-dns';
import { tenantLimitsInput } from '@rundbrief/core/platform/tenant-limits';
import { listInput } from '@rundbrief/core/audience/lists';
import { abTestInput } from '@rundbrief/core/campaigns/ab-rules';
import { readCatalogue } from '../i18n/catalogue.ts';
import { identifyCoreMessage, matcherFor } from '../lib/core-errors.ts';

const dir = path.join(import.meta.dirname, '../messages');
const en = readCatalogue(dir, 'en');
const de = readCatalogue(dir, 'de');
const core = (en.errors as { core: Record<string, Record<string, string>> }).core;
const entries = Object.entries(core).flatMap(([area, m]) => Object.entries(m).map(([k, v]) => [`${area}.${k}`, v] as const));
const toGerman = createTranslator({ locale: 'de', messages: de, namespace: 'errors.core' as never, timeZone: 'UTC' });
const german = (message: string) => {
  const found = identifyCoreMessage(message);
  return found ? (toGerman as unknown as (k: string, v: object) => string)(found.key, found.values) : message;
};

function sourceText(root: string): string {
  return fs.readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((f) => f.isFile() && f.name.endsWith('.ts') && !f.name.includes('.test.'))
    .map((f) => fs.readFileSync(path.join(f.parentPath, f.name), 'utf8'))
    .join('\n');
}

describe('core messages in the user language', () => {
  it('every errors.core entry can be matched against core text', () => {
    const unusable = entries.filter(([key, text]) => matcherFor(key, text) === null).map(([key]) => key);
    expect(unusable).toEqual([]);
    expect(entries.length).toBeGreaterThan(100);
  });

  it("every entry's fixed wording is still in core's source (a changed wording would silently stay English)", () => {
    const src = sourceText(path.join(import.meta.dirname, '../../../packages/core/src'));
    const stale: string[] = [];
    for (const [key, text] of entries) {
      // Core composes some messages from sentences and clauses: each one has to be there.
      const parts = parse(text).filter(isLiteralElement).flatMap((n) => n.value.split(/[.:;]\s+|[.:;]$/)).map((p) => p.trim());
      for (const part of parts) {
        if (part.length >= 4 && !src.includes(part)) stale.push(`${key}: "${part}"`);
      }
    }
    expect(stale).toEqual([]);
  });

  it('password policy violations from core come out in German with their numbers', () => {
    const violations = checkPasswordRules({ pwMinLength: 14, pwMinDigits: 1, pwMinSymbols: 2, pwMaxAgeDays: null, pwHistoryCount: 3 }, 'short');
    expect(violations.map((v) => german(v.message))).toEqual([
      'Verwenden Sie mindestens 14 Zeichen.',
      'Verwenden Sie mindestens 1 Ziffer.',
      'Verwenden Sie mindestens 2 Sonderzeichen (etwa ! ? # %).',
    ]);
  });

  it('zod messages of core schemas are recognised, placeholders and all', () => {
    const dns = devDnsRecordInput.safeParse({ name: 'bad name.example', type: 'MX', value: 'x', priority: '' });
    const dnsMessages = dns.success ? [] : dns.error.issues.map((i) => i.message);
    expect(dnsMessages.length).toBeGreaterThan(0);
    for (const m of dnsMessages) expect(identifyCoreMessage(m), m).not.toBeNull();
    expect(german('"bad name.example" is not a DNS name (letters, digits, -, _ and dots, like _dmarc.example.com).'))
      .toBe('„bad name.example“ ist kein DNS-Name (Buchstaben, Ziffern, -, _ und Punkte, etwa _dmarc.example.com).');

    const limits = tenantLimitsInput.safeParse({ sendRatePerMinute: '1000000', dailySendLimit: '0' });
    expect(limits.success ? [] : limits.error.issues.map((i) => german(i.message))).toEqual([
      'Höchstens 100.000 Nachrichten pro Minute.',
      'Mindestens 1 Nachricht pro Tag (leer: kein Tageslimit).',
    ]);

    const list = listInput.safeParse({ name: '' });
    expect(list.success ? [] : list.error.issues.map((i) => german(i.message))).toContain('Geben Sie der Liste einen Namen.');
  });

  it('select and plural placeholders take what core wrote', () => {
    expect(german('A sent campaign cannot be edited.')).toBe('Eine Kampagne mit dem Status „gesendet“ kann nicht bearbeitet werden.');
    expect(german('Campaign not found')).toBe('Kampagne nicht gefunden');
    expect(german('Sending IP not found')).toBe('Nicht gefunden: Sending IP');
    expect(german('This account may send 20 test mails an hour and has used them. Try again in 1 minute.'))
      .toBe('Dieses Konto darf 20 Testmails pro Stunde senden und hat sie verbraucht. Versuchen Sie es in 1 Minute erneut.');
    expect(german('Use at least 1 character.')).toBe('Verwenden Sie mindestens 1 Zeichen.');
    // the more specific entry wins: "… cannot be edited." over "… cannot be {verb}"
    expect(german('A sent campaign cannot be paused')).toBe('Eine Kampagne mit dem Status „gesendet“ kann nicht pausiert werden');
    expect(german('This needs the admin role or higher (you are viewer).')).toBe('Dafür ist mindestens die Rolle „Admin“ nötig (Sie haben „Nur lesen“).');
    expect(german('An MX record points to a host name such as mail.example.com.')).toBe('Ein MX-Eintrag verweist auf einen Hostnamen wie mail.example.com.');
  });

  it('A/B test rules from core (abTestInput) come out in German', () => {
    const r = abTestInput.safeParse({
      differs: ['subject', 'content'], testPercent: 80, metric: 'OPEN', waitMinutes: 60,
      variants: [{ subject: 'Hi', mjml: '<mjml/>' }, { subject: '', mjml: '' }, { subject: 'Hi', mjml: '<mjml/>' }],
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => german(i.message))).toEqual(expect.arrayContaining([
      'Der Testanteil beträgt höchstens 50 %.',
      'Variante B: Geben Sie einen Betreff ein.',
      'Variante B: Der Inhalt ist leer.',
      'Variante C ist gleich Variante A: Lassen Sie sie sich in dem unterscheiden, was Sie testen.',
    ]));
    expect(german('A sent campaign gets no winner.')).toBe('Für eine Kampagne mit dem Status „gesendet“ wird kein Gewinner gewählt.');
    expect(german('The winner was already chosen.')).toBe('Der Gewinner wurde bereits gewählt.');
  });

  it('a message without an entry stays as core wrote it', () => {
    expect(identifyCoreMessage('Something nobody catalogued.')).toBeNull();
    expect(german('Something nobody catalogued.')).toBe('Something nobody catalogued.');
  });
});
