// Core's refusals in the user's language (issue 14): core gives each refusal a form shows a text
// code (DomainError.withText, zodText / issueText on its zod schemas, PolicyViolation.text,
// details.fieldTexts), the web renders it from errors.core (lib/core-errors.ts). Checked here:
//   - every code core's sources use is an entry in the en and de catalogues, and the values core
//     passes cover the entry's placeholders (a static check over packages/core/src);
//   - every DomainError core throws with a message carries a code, except the explicit list
//     below of refusals no form shows (each with its reason);
//   - refusals and zod issues of core come out in German with their values.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { createTranslator } from 'next-intl';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { notFound, DomainError } from '@rundbrief/core/errors';
import { textOfIssue } from '@rundbrief/core/texts';
import { checkPasswordRules } from '@rundbrief/core/accounts/password-rules';
import { devDnsRecordInput } from '@rundbrief/core/senders/dev-dns';
import { tenantLimitsInput } from '@rundbrief/core/platform/tenant-limits';
import { listInput } from '@rundbrief/core/audience/lists';
import { abTestInput } from '@rundbrief/core/campaigns/ab-rules';
import { parseAttributes } from '@rundbrief/core/audience/fields';
import { readCatalogue } from '../i18n/catalogue.ts';
import { sayWith } from '../lib/core-errors.ts';

const dir = path.join(import.meta.dirname, '../messages');
const coreRoot = path.join(import.meta.dirname, '../../../packages/core/src');
const catalogue = (locale: 'en' | 'de') => (readCatalogue(dir, locale).errors as { core: Record<string, Record<string, string>> }).core;
const entry = (locale: 'en' | 'de', code: string): string | undefined => {
  const [area, name] = code.split('.');
  return catalogue(locale)[area!]?.[name!];
};
const german = sayWith(createTranslator({ locale: 'de', messages: readCatalogue(dir, 'de'), namespace: 'errors.core' as never, timeZone: 'UTC' }) as never);

/**
 * DomainErrors thrown with a message and no text code, by file and the start of the message's
 * source: none reaches a form in the app's language. A new one fails the test until it gets a
 * code (withText) or an entry here with its reason; an entry that matches nothing fails too.
 */
const WITHOUT_CODE: Record<string, string> = {
  'accounts/api-key-auth.ts': 'REST API authentication: integrators read English',
  'platform/bootstrap.ts': 'CLI (scripts/operator.ts): English console',
  'deliverability/tenant-sender.ts:identityId needs': 'programming error (a caller passed identityId without tenantId)',
  'sending/context.ts:Campaign was not compiled': 'worker precondition, never a form',
  'senders/dev-dns.ts:The local dev DNS is off': 'development-only page (/dev/dns), English',
  'feedback/unsubscribe.ts': 'public /u link route: its page words the refusal itself',
  'feedback/preference-links.ts': 'public preference/erasure link pages: they word the refusal themselves',
  'feedback/preferences.ts:This link is not valid': 'public preference page (invalid token): the page words it',
  'feedback/preferences.ts:A pause lasts': 'public preference form only sends 30 or 90 (a forged post)',
  'audience/gdpr.ts': 'public data/erasure pages (links): the pages word the refusal themselves',
  'audience/forms.ts': 'public signup form: the hosted form page and its API answer word it themselves',
  'audience/consent.ts:This confirmation link': 'public /confirm page: the page words the refusal itself',
  'audience/consent.ts:This link is no longer valid': 'public /confirm page: the page words the refusal itself',
  'audience/retention.ts:reportExpiredMessage': 'download route (410); its text code is coreTexts import.reportExpired',
  'audience/import-file.ts:The file cannot be read as': 'composed of a detected encoding and a help text; import pages show it as written (no entry yet)',
  'audience/import-file.ts:The file is not a readable CSV: ${': 'carries the CSV parser\'s own English message',
  'audience/suppression-csv.ts': 'carries the CSV parser\'s own English message',
  'accounts/invitations.ts:GONE_MESSAGE': 'invitation page: no catalogue entry yet (stays English)',
  'accounts/invitations.ts:Your current password does not meet': 'composed of the violations (which carry their codes, shown by the field)',
  'accounts/password-policy.ts': 'policyError: the form shows the violations by their codes, not this joined message',
  'accounts/members.ts:Only an owner can change': 'no catalogue entry yet (stays English)',
  'authoring/sendable.ts': 'composed of the checklist items, which carry coreTexts codes',
  'authoring/test-send.ts': 'composed of addresses, a member list or a compile error (no entry)',
  'platform/platform-dkim.ts:The new key': 'composed of the DNS check\'s English problem (operator page)',
  'senders/identities.ts:reason': 'no-reply refusal composed of the local part (no entry yet)',
  'senders/identities.ts:Reply-to:': 'composed of the address check\'s English message (no entry yet)',
  'deliverability/suppression.ts:r.message': 'address syntax check (checkAddress) has no codes yet',
  'audience/consent.ts:addr.message': 'address syntax check (checkAddress) has no codes yet',
};

type Site = { file: string; line: number; message: string; coded: boolean };
type Use = { file: string; line: number; code: string; params: string[] | null };

function sources(): { rel: string; sf: ts.SourceFile }[] {
  return fs.readdirSync(coreRoot, { withFileTypes: true, recursive: true })
    .filter((f) => f.isFile() && f.name.endsWith('.ts') && !f.name.includes('.test.'))
    .map((f) => {
      const file = path.join(f.parentPath, f.name);
      return { rel: path.relative(coreRoot, file).split(path.sep).join('/'), sf: ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true) };
    });
}

/** The code literals of an expression: 'a.b', or both branches of cond ? 'a.b' : 'c.d'. */
function literals(e: ts.Expression): string[] | null {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
  if (ts.isConditionalExpression(e)) {
    const a = literals(e.whenTrue), b = literals(e.whenFalse);
    return a && b ? [...a, ...b] : null;
  }
  if (ts.isParenthesizedExpression(e)) return literals(e.expression);
  return null;
}

/** Names an object literal gives (null: not a literal, so not checkable here). */
function paramNames(e: ts.Expression | undefined): string[] | null {
  if (!e) return [];
  if (ts.isConditionalExpression(e)) return null;
  if (!ts.isObjectLiteralExpression(e)) return null;
  return e.properties.map((p) => p.name?.getText() ?? '').filter(Boolean);
}

function scan() {
  const sites: Site[] = [];
  const uses: Use[] = [];
  for (const { rel, sf } of sources()) {
    const line = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
    const visit = (n: ts.Node): void => {
      if (ts.isNewExpression(n) && n.expression.getText(sf) === 'DomainError' && n.arguments?.[1]) {
        const p = n.parent;
        const coded = ts.isPropertyAccessExpression(p) && p.name.text === 'withText';
        sites.push({ file: rel, line: line(n), message: n.arguments[1].getText(sf), coded });
      }
      if (ts.isCallExpression(n)) {
        const callee = n.expression;
        const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
        const isMethod = ts.isPropertyAccessExpression(callee);
        if ((name === 'withText' && isMethod) || (!isMethod && ['zodText', 'issueText', 'coreText'].includes(name))) {
          const codes = n.arguments[0] && literals(n.arguments[0]);
          const params = paramNames(n.arguments[name === 'withText' || name === 'coreText' ? 1 : 2]);
          for (const code of codes ?? []) uses.push({ file: rel, line: line(n), code, params });
        }
      }
      // codes handed on as data: { …, text: 'fields.notNumber' } (field errors, send-limit refusals)
      if (ts.isPropertyAssignment(n) && n.name.getText(sf) === 'text' && ts.isStringLiteral(n.initializer) && /^[a-z]\w*\.\w+$/.test(n.initializer.text)) {
        uses.push({ file: rel, line: line(n), code: n.initializer.text, params: null });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { sites, uses };
}

function argumentNames(nodes: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const n of nodes) {
    if (n.type === TYPE.argument || n.type === TYPE.number || n.type === TYPE.date || n.type === TYPE.time) out.add(n.value);
    if (n.type === TYPE.select || n.type === TYPE.plural) {
      out.add(n.value);
      for (const o of Object.values(n.options)) argumentNames(o.value, out);
    }
    if (n.type === TYPE.tag) argumentNames(n.children, out);
  }
  return out;
}

const { sites, uses } = scan();
const allowed = (s: Site) => Object.keys(WITHOUT_CODE).find((k) => {
  const [file, start] = k.split(/:(.*)/s);
  return s.file === file && (start === undefined || s.message.replace(/^['"`]/, '').startsWith(start));
});

describe('core refusals carry text codes', () => {
  it('finds core throw sites and codes to check', () => {
    expect(sites.filter((s) => s.coded).length).toBeGreaterThan(150);
    expect(uses.length).toBeGreaterThan(250);
  });

  it('every code core uses is an entry in en and de, and core gives its placeholders', () => {
    const problems: string[] = [];
    for (const u of uses) {
      const where = `${u.file}:${u.line} ${u.code}`;
      const en = entry('en', u.code);
      if (en === undefined) problems.push(`${where}: no errors.core entry in en`);
      if (entry('de', u.code) === undefined) problems.push(`${where}: no errors.core entry in de`);
      if (en === undefined || u.params === null) continue;
      const missing = [...argumentNames(parse(en))].filter((a) => !u.params!.includes(a));
      if (missing.length) problems.push(`${where}: core gives no value for {${missing.join('}, {')}}`);
    }
    expect(problems).toEqual([]);
  });

  it('every DomainError core throws with a message has a text code, or is listed with its reason', () => {
    const uncoded = sites.filter((s) => !s.coded && !allowed(s)).map((s) => `${s.file}:${s.line} ${s.message.slice(0, 80)}`);
    expect(uncoded).toEqual([]);
    const stale = Object.keys(WITHOUT_CODE).filter((k) => !sites.some((s) => !s.coded && allowed(s) === k));
    expect(stale).toEqual([]);
  });
});

describe('core refusals in German', () => {
  it('DomainError by its code, English message unchanged', () => {
    const e = notFound('Campaign');
    expect(e.message).toBe('Campaign not found');
    expect(german(e.text, e.message)).toBe('Kampagne nicht gefunden');
    const taken = new DomainError('CONFLICT', 'x@example.com is already on the blocklist.').withText('operator.onBlocklist', { value: 'x@example.com' });
    expect(german(taken.text, taken.message)).toBe('x@example.com steht bereits auf der Blockliste.');
    // no code: stays as core wrote it
    expect(german(undefined, 'Something nobody catalogued.')).toBe('Something nobody catalogued.');
  });

  it('password policy violations come out in German with their numbers', () => {
    const violations = checkPasswordRules({ pwMinLength: 14, pwMinDigits: 1, pwMinSymbols: 2, pwMaxAgeDays: null, pwHistoryCount: 3 }, 'short');
    expect(violations.map((v) => german(v.text, v.message))).toEqual([
      'Verwenden Sie mindestens 14 Zeichen.',
      'Verwenden Sie mindestens 1 Ziffer.',
      'Verwenden Sie mindestens 2 Sonderzeichen (etwa ! ? # %).',
    ]);
  });

  it('zod issues of core schemas carry their code and values', () => {
    const dns = devDnsRecordInput.safeParse({ name: 'bad name.example', type: 'MX', value: 'x', priority: '' });
    const issues = dns.success ? [] : dns.error.issues;
    expect(issues.length).toBeGreaterThan(0);
    for (const i of issues) expect(textOfIssue(i), i.message).toBeDefined();
    expect(issues.map((i) => german(textOfIssue(i), i.message))).toContain(
      '„bad name.example“ ist kein DNS-Name (Buchstaben, Ziffern, -, _ und Punkte, etwa _dmarc.example.com).');

    const limits = tenantLimitsInput.safeParse({ sendRatePerMinute: '1000000', dailySendLimit: '0' });
    expect(limits.success ? [] : limits.error.issues.map((i) => german(textOfIssue(i), i.message))).toEqual([
      'Höchstens 100.000 Nachrichten pro Minute.',
      'Mindestens 1 Nachricht pro Tag (leer: kein Tageslimit).',
    ]);

    const list = listInput.safeParse({ name: '' });
    expect(list.success ? [] : list.error.issues.map((i) => german(textOfIssue(i), i.message))).toContain('Geben Sie der Liste einen Namen.');
  });

  it('A/B test rules (abTestInput) come out in German', () => {
    const r = abTestInput.safeParse({
      differs: ['subject', 'content'], testPercent: 80, metric: 'OPEN', waitMinutes: 60,
      variants: [{ subject: 'Hi', mjml: '<mjml/>' }, { subject: '', mjml: '' }, { subject: 'Hi', mjml: '<mjml/>' }],
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => german(textOfIssue(i), i.message))).toEqual(expect.arrayContaining([
      'Der Testanteil beträgt höchstens 50 %.',
      'Variante B: Geben Sie einen Betreff ein.',
      'Variante B: Der Inhalt ist leer.',
      'Variante C ist gleich Variante A: Lassen Sie sie sich in dem unterscheiden, was Sie testen.',
    ]));
  });

  it('field value errors keep the field label', () => {
    let err: unknown;
    try {
      parseAttributes([{ key: 'age', label: 'Alter', type: 'NUMBER' }], { age: 'zwölf' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    const e = err as DomainError;
    expect(e.message).toBe('Alter is not a number.');
    expect(german(e.text, e.message)).toBe(`${catalogue('de').fields!.notNumber!.replace('{label}', 'Alter')}`);
  });
});
