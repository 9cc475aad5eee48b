// Hostile inputs for hostile-input.spec.ts: strings, tokens, 10,000 addresses (the public
// address-syntax corpora in ../shared/corpora plus the tricks a list seller's file carries)
// and broken CSV files.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ROOT } from './attack-kit.ts';

export const XSS = (stamp: string) => `<script>alert("xss-${stamp}")</script><img src=x onerror=alert(1)>`;
export const CRLF = 'Hello\r\nBcc: victim@example.org\r\nX-Evil: 1';
export const FIVE_MB = 'x'.repeat(5 * 1024 * 1024);

/** Strings for places that expect a token or an id. */
export const HOSTILE_TOKENS = [
  'x'.repeat(5000), '<script>alert(1)</script>', '%00', '..%2F..%2Fetc%2Fpasswd', 'a.b.c', '.', '%20', '%E2%80%AE',
  'eyJtIjoiMDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwIn0.forged', '00000000-0000-0000-0000-000000000000', "1'%20OR%20'1'='1",
].map((t) => (t.includes('%') ? t : encodeURIComponent(t)));

/** Bodies of the wrong shape for a JSON API. */
export const BAD_JSON_BODIES: [string, string, string][] = [
  ['5 MB', 'application/json', JSON.stringify({ name: FIVE_MB, email: FIVE_MB })],
  ['not JSON', 'application/json', '{"name": '],
  ['array', 'application/json', '[1,2,3]'],
  ['number', 'application/json', '123'],
  ['null', 'application/json', 'null'],
  ['empty object', 'application/json', '{}'],
  ['wrong types', 'application/json', JSON.stringify({
    name: 123, email: ['a@example.org'], listIds: 'x', listId: {}, sendAt: { $gt: 1 }, timezone: 7, recipients: 'x', firstName: { a: 1 },
    subject: 12, attributes: 'x', status: ['SENT'], tenantId: 5, templateId: [], segment: 'all', reengagement: 'yes',
  })],
  ['XSS and CR/LF', 'application/json', JSON.stringify({
    name: XSS('api'), subject: CRLF, firstName: CRLF, lastName: XSS('api'), email: 'a@example.org\r\nBcc: x@example.org', listIds: [], preheader: CRLF,
  })],
  ['form-encoded', 'application/x-www-form-urlencoded', 'name=x&email=a%40example.org'],
  ['binary', 'application/octet-stream', randomBytes(4096).toString('latin1')],
];

function corpusLines(file: string): string[] {
  return fs.readFileSync(path.join(ROOT, '../shared/corpora/addresses/flanker', file), 'utf8')
    .split('\n').map((l) => l.replace(/\s{8,}#.*$/, '')).filter((l) => l.trim() !== '' && !l.startsWith('#'));
}

/** 10,000 addresses: every corpus entry, then generated tricks, each made unique. */
export function hostileAddresses(stamp: string): string[] {
  const hapi = (JSON.parse(fs.readFileSync(path.join(ROOT, '../shared/corpora/addresses/hapi-isemail/tests.json'), 'utf8')) as [string, string][]).map(([a]) => a);
  const out = [...hapi, ...corpusLines('mailbox_valid.txt'), ...corpusLines('mailbox_invalid.txt')];
  const tricks = [
    (i: number) => `"quoted ${i}"@example.org`, (i: number) => `"a\\"b${i}"@example.org`, (i: number) => `user${i}@bücher-${stamp}.example`,
    (i: number) => `a${i}@b@c.example.org`, (i: number) => `${'l'.repeat(300)}${i}@example.org`, (i: number) => `u${i}@${'d'.repeat(250)}.org`,
    (i: number) => `ｕｓｅｒ${i}@example.org`, (i: number) => `\u202Eevil${i}@example.org`, (i: number) => `us\u200Ber${i}@example.org`,
    (i: number) => `line${i}@example.org\r\nBcc: victim@example.org`, (i: number) => `  Spaces${i}@Example.ORG  `, (i: number) => `nul${i}\u0000@example.org`,
    (i: number) => `<script>${i}@example.org`, (i: number) => `=HYPERLINK("http://evil")${i}@example.org`, (i: number) => `dot..dot${i}@example.org`,
    (i: number) => `${i}@-bad-.example.org`, (i: number) => `ok-${stamp}-${i}@example.org`, (i: number) => `OK-${stamp}-${i}@EXAMPLE.org`,
    (i: number) => `émile${i}@example.org`, (i: number) => `user${i}@[127.0.0.1]`, (i: number) => `user${i}@localhost`, (i: number) => '',
  ];
  for (let i = 0; out.length < 10_000; i++) out.push(tricks[i % tricks.length]!(i));
  return out.slice(0, 10_000);
}

const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
export const csvOf = (rows: string[][]) => rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';

/** Files a CSV parser must survive: each is refused with a message or imports only valid rows. */
export function brokenCsvs(stamp: string): [string, Buffer][] {
  const good = (i: number) => `broken-${stamp}-${i}@example.org`;
  return [
    ['binary', randomBytes(64 * 1024)],
    ['unterminated quote', Buffer.from(`email,first_name\n${good(1)},"Ann\n${good(2)},Ben\n`)],
    ['10,000 columns', Buffer.from(`${Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',')}\n${Array.from({ length: 10_000 }, () => 'x').join(',')}\n`)],
    ['NUL bytes', Buffer.from(`email,first_name\n${good(3)},A\u0000nn\n\u0000\u0000\u0000,\u0000\n${good(4)}\u0000,B\n`)],
    ['UTF-16 without BOM', Buffer.from(`email,first_name\n${good(5)},Jörg\n`, 'utf16le')],
    ['empty', Buffer.alloc(0)],
    ['header only', Buffer.from('email,first_name\n')],
    ['one 5 MB line', Buffer.from(FIVE_MB)],
    ['stray quotes', Buffer.from(`email,first_name\n"${good(6)}"x,"A"B"\n${good(7)},"C""D"\n`)],
  ];
}
