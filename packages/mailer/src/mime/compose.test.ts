import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { buildMimeTemplate, composeMessage, composePrepared, formatDate, prepareBody, serializeMessage } from './compose.ts';
import { canonicalizeBodyRelaxed, createDkimSigner } from '../dkim/sign.ts';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ed = generateKeyPairSync('ed25519');
const txt = (k: typeof rsa.publicKey, kind: string) =>
  `v=DKIM1; k=${kind}; p=${kind === 'rsa' ? k.export({ type: 'spki', format: 'der' }).toString('base64') : k.export({ type: 'spki', format: 'der' }).subarray(12).toString('base64')}`;
const dns: Record<string, string> = {
  'rb1._domainkey.news.example.com': txt(rsa.publicKey, 'rsa'),
  'rb2._domainkey.news.example.com': txt(ed.publicKey, 'ed25519'),
};
const resolver = async (name: string, type: string) => {
  if (type !== 'TXT' || !dns[name]) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
  return [[dns[name]]];
};

function build(html: string, text: string, subject = 'Hallo Jürgen — Neuigkeiten') {
  const tpl = buildMimeTemplate({
    from: { address: 'news@news.example.com', name: 'Müller & Söhne, GmbH' },
    replyTo: 'reply@news.example.com',
    listId: { id: 'list1.tenant.rundbrief.localhost', name: 'Newsletter' },
    feedbackId: 'c1:t1:campaign:rundbrief',
  });
  return composeMessage(tpl, {
    to: 'jane@example.org', toName: 'Jane', subject, messageId: 'abc.123@news.example.com',
    unsubscribeUrl: 'https://app.example/u/tok', unsubscribeMailto: 'mailto:unsubscribe+tok@bounces.example?subject=unsubscribe',
    text, html,
  });
}

describe('campaign MIME + DKIM', () => {
  it('parses as multipart/alternative with every header and exact bodies', async () => {
    const html = `<p>Grüße ${'x'.repeat(200)} = trailing space </p>\n<p>zweite Zeile</p>`;
    const text = 'Grüße\nLine with = sign and trailing space \n.\nend';
    const raw = serializeMessage(build(html, text));
    const m = await simpleParser(raw);
    expect(m.subject).toBe('Hallo Jürgen — Neuigkeiten');
    expect(m.from?.value[0]).toMatchObject({ address: 'news@news.example.com', name: 'Müller & Söhne, GmbH' });
    expect(m.to && !Array.isArray(m.to) && m.to.value[0]?.address).toBe('jane@example.org');
    expect(m.messageId).toBe('<abc.123@news.example.com>');
    expect(m.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    const line = (n: string) => m.headerLines.find((h) => h.key === n)?.line.replace(/\r\n\s+/g, ' ');
    expect(line('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(line('feedback-id')).toBe('Feedback-ID: c1:t1:campaign:rundbrief');
    expect(line('list-id')).toBe('List-Id: Newsletter <list1.tenant.rundbrief.localhost>');
    expect(line('reply-to')).toBe('Reply-To: <reply@news.example.com>');
    expect(line('list-unsubscribe')).toBe(
      'List-Unsubscribe: <https://app.example/u/tok>, <mailto:unsubscribe+tok@bounces.example?subject=unsubscribe>');
    expect(m.text?.replace(/\r\n/g, '\n')).toBe(`${text}\n`.replace(/\n$/, ''));
    expect(m.html).toContain('= trailing space </p>');
    expect(m.html).toContain('zweite Zeile');
    expect(raw.toString().split('\r\n').every((l) => l.length <= 998)).toBe(true);
  });

  it('signs with RSA and Ed25519 and an independent verifier passes both', async () => {
    const signer = createDkimSigner([
      { domain: 'news.example.com', selector: 'rb1', privateKey: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
      { domain: 'news.example.com', selector: 'rb2', privateKey: ed.privateKey },
    ]);
    const msg = build('<p>Hi</p>  \n\n', 'Hi   there\t\n\n\n');
    const raw = serializeMessage(msg, signer.sign(msg));
    const res = await dkimVerify(raw, { resolver });
    expect(res.results.map((r: { status: { result: string } }) => r.status.result)).toEqual(['pass', 'pass']);
  });

  it('serialises and signs the same bytes whether the body was hashed from its string or from its bytes, and the static headers canonicalised once or per message', () => {
    const signer = createDkimSigner([{ domain: 'news.example.com', selector: 'rb1', privateKey: rsa.privateKey }]);
    const now = new Date('2026-12-07T10:00:00Z');
    const a = build('<p>Grüße</p>', 'Grüße');
    // the same message with fresh header tuples (none a template's) and its bytes precomputed
    const b = { headers: a.headers.map(([k, v]) => [k, v] as const), body: a.body, canonical: true, bodyBytes: Buffer.from(a.body, 'latin1') };
    const sa = signer.sign(a, now);
    expect(signer.sign(a, now)).toEqual(sa);
    expect(signer.sign(b, now)).toEqual(sa);
    const raw = serializeMessage(a, sa);
    let head = '';
    for (const [k, v] of [...sa, ...a.headers]) head += `${k}: ${v}\r\n`;
    expect(raw.equals(Buffer.concat([Buffer.from(`${head}\r\n`, 'utf8'), Buffer.from(a.body, 'latin1')]))).toBe(true);
    expect(serializeMessage(b, sa).equals(raw)).toBe(true);
  });

  it('formats the Date header per second (remembered for the second, never carried into the next)', () => {
    expect(formatDate(new Date('2026-12-07T10:00:00.100Z'))).toBe('Mon, 07 Dec 2026 10:00:00 +0000');
    expect(formatDate(new Date('2026-12-07T10:00:00.900Z'))).toBe('Mon, 07 Dec 2026 10:00:00 +0000');
    expect(formatDate(new Date('2026-12-07T10:00:01.000Z'))).toBe('Mon, 07 Dec 2026 10:00:01 +0000');
    expect(formatDate(new Date('2026-12-06T23:59:59.999Z'))).toBe('Sun, 06 Dec 2026 23:59:59 +0000');
  });

  it('the encoded body is already DKIM-canonical, so the signer can skip canonicalisation', () => {
    const msg = build('<p>a  b\t\tc   </p>\n\n\n', 'x \t y   \n  \n\n');
    expect(msg.canonical).toBe(true);
    expect(canonicalizeBodyRelaxed(msg.body)).toBe(msg.body);
  });

  it('a modified body fails verification', async () => {
    const signer = createDkimSigner([{ domain: 'news.example.com', selector: 'rb1', privateKey: rsa.privateKey }]);
    const msg = build('<p>Hi</p>', 'Hi');
    const raw = serializeMessage(msg, signer.sign(msg)).toString().replace('<p>Hi</p>', '<p>Ho</p>');
    const res = await dkimVerify(Buffer.from(raw), { resolver });
    expect(res.results[0]?.status.result).not.toBe('pass');
  });

  it('a body prepared once and spliced per recipient decodes exactly like one encoded whole, stays canonical and verifies', async () => {
    // Static pieces with awkward edges: trailing spaces, "=", umlauts, long lines, line breaks at the seams.
    const html = { s: [`<p>Grüße ${'x'.repeat(90)} `, ` = mitte  </p>\n`, '', `\n<p>Ende ${'ü'.repeat(40)}</p> `], slots: [0, 1, 2] };
    const text = { s: ['Hallo ', ',\n\nLink: ', '\n', ' Ende.\n'], slots: [0, 1, 2] };
    const recipients = [
      { h: ['Jürgen  ', 'b=c <d>', `${'y'.repeat(100)}`], t: ['Jürgen ', 'https://x.example/u?a=b&c=d', ''] },
      { h: ['', '', ' '], t: ['', ' ', '\n.'] },
    ];
    const tpl = buildMimeTemplate({ from: { address: 'news@news.example.com' }, listId: { id: 'l.news.example.com' } });
    const prepared = prepareBody({ html, text });
    const signer = createDkimSigner([{ domain: 'news.example.com', selector: 'rb1', privateKey: rsa.privateKey }]);
    const join = (p: { s: string[] }, v: string[]) => p.s.reduce((a, piece, i) => a + piece + (v[i] ?? ''), '');
    for (const r of recipients) {
      const head = { to: 'jane@example.org', subject: 'S', messageId: 'm1@news.example.com', unsubscribeUrl: 'https://app.example/u/tok' };
      const whole = composeMessage(tpl, { ...head, html: join(html, r.h), text: join(text, r.t) });
      const spliced = composePrepared(tpl, prepared, { ...head, htmlValues: r.h, textValues: r.t });
      const [a, b] = await Promise.all([simpleParser(serializeMessage(whole)), simpleParser(serializeMessage(spliced))]);
      expect(b.html).toBe(a.html);
      expect(b.text).toBe(a.text);
      expect((b.html as string).replace(/\r\n/g, '\n')).toBe(join(html, r.h));
      expect(canonicalizeBodyRelaxed(spliced.body)).toBe(spliced.body);
      expect(spliced.body.split('\r\n').every((l) => l.length <= 76)).toBe(true);
      const res = await dkimVerify(serializeMessage(spliced, signer.sign(spliced)), { resolver });
      expect(res.results[0]?.status.result).toBe('pass');
    }
  });
  it('a prepared body gets its header block written in front of its bytes once; a second serialisation copies and leaves the first intact', () => {
    const tpl = buildMimeTemplate({ from: { address: 'news@news.example.com', name: 'Jürgen' }, listId: { id: 'l.news.example.com' } });
    const prepared = prepareBody({ html: { s: ['<p>Hallo ', '</p>\n'] }, text: { s: ['Hallo ', '\n'] } });
    const msg = composePrepared(tpl, prepared, { to: 'jörg@example.org', subject: 'Grüße', messageId: 'm1@news.example.com', htmlValues: ['Jörg'], textValues: ['Jörg'] });
    const signer = createDkimSigner([{ domain: 'news.example.com', selector: 'rb1', privateKey: rsa.privateKey }]);
    const sig = signer.sign(msg);
    const first = serializeMessage(msg, sig);
    const copy = Buffer.from(first);
    // in place: the result shares the composed body's memory
    expect(first.buffer).toBe(msg.bodyBytes!.buffer);
    const second = serializeMessage(msg, [['X-Other', 'a much longer header than before, to overwrite anything it could']]);
    expect(first.equals(copy)).toBe(true);
    expect(second.buffer).not.toBe(first.buffer);
    // the same bytes as the reference path (header block + body as one buffer)
    const reference = Buffer.concat([Buffer.from(`${[...sig, ...msg.headers].map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`, 'utf8'), Buffer.from(msg.body, 'latin1')]);
    expect(first.equals(reference)).toBe(true);
  });
});
