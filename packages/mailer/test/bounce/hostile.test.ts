// Mail built to stall the parser: each case must come back with its caps applied and a
// sane verdict. The timeout (10 s for work the linear parser does in well under a second)
// is the tripwire: a quadratic pattern takes 7 s on a 64 KB header and hours on 2 MB.
import { describe, expect, it } from 'vitest';
import { firstAddress } from '../../src/bounce/address.ts';
import { classifyBounce } from '../../src/bounce/classify.ts';
import { LIMITS, leaves, type MimePart, parseHeaders, parsePart } from '../../src/bounce/mime.ts';
import { reportText } from '../../src/bounce/text-report.ts';
import { classifySmtpReply } from '../../src/bounce/smtp-reply.ts';

const TRIPWIRE = { timeout: 10_000 };
const MB2 = 2 * 1024 * 1024;
const BOUNCE_HEAD = 'From: MAILER-DAEMON@mx.example.net\nSubject: Undelivered Mail Returned to Sender\n';
const fill = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
const depthOf = (p: MimePart): number => 1 + Math.max(0, ...p.children.map(depthOf));

describe('hostile headers', () => {
  it('a 2 MB unfolded From: header is cut to the header-block and header caps, and is no bounce', TRIPWIRE, () => {
    const raw = `From: ${fill('a', MB2)}\nSubject: Undelivered Mail Returned to Sender\n\nbody\n`;
    const root = parsePart(raw);
    expect(root.headers.get('from')![0]!.length).toBe(LIMITS.header);
    // The Subject lies beyond the first 256 KB of the header block: it is not read.
    expect(root.headers.has('subject')).toBe(false);
    expect(classifyBounce(raw)).toMatchObject({ isBounce: false, category: 'not-a-bounce', recipient: null });
  });

  it('a 64 KB From: of letters in a bounce (12-14 s with the old address pattern) names no sender', TRIPWIRE, () => {
    const from = fill('a', 64 * 1024);
    expect(firstAddress(from)).toBeNull();
    const r = classifyBounce(`From: ${from}\nSubject: Undelivered Mail Returned to Sender\n\nbody\n`);
    expect(r).toMatchObject({ isBounce: true, recipient: null });
  });

  it('many "@": 512 KB of "a.", "a@", "@a.", "<a@", "a@a." and "x@ex.com " in From: and in the report', TRIPWIRE, () => {
    for (const unit of ['a.', 'a@', '@a.', '.@', '<', '<a@', 'a@a.', 'x@ex.com ']) {
      const text = fill(unit, MB2 / 4);
      expect(firstAddress(text)).toBe(unit === 'x@ex.com ' ? 'x@ex.com' : null);
      const r = classifyBounce(`Subject: Undelivered Mail Returned to Sender\nFrom: ${text}\n\n${text}\n`);
      expect(r.isBounce).toBe(true);
    }
  });

  it('a header of only "<<<<" and an HTML report of only "<<<<"', TRIPWIRE, () => {
    const lt = fill('<', MB2 / 2);
    expect(parseHeaders(`To: ${lt}`).get('to')![0]!.length).toBe(LIMITS.header);
    const r = classifyBounce(`${BOUNCE_HEAD}To: ${lt}\nContent-Type: text/html\n\n${lt}\n`);
    expect(r.isBounce).toBe(true);
  });

  it('10,000 continuation lines fold into one capped header', TRIPWIRE, () => {
    const h = parseHeaders(`Received: from x\n${' by y.example.net\n'.repeat(10_000)}Subject: still read`);
    expect(h.get('received')![0]!.length).toBeLessThanOrEqual(LIMITS.header);
    expect(h.get('subject')).toEqual(['still read']);
  });

  it('a header block of 2 MB of one-character lines keeps only its first 256 KB', TRIPWIRE, () => {
    const h = parseHeaders(fill('x:\n', MB2));
    expect(h.get('x')!.length).toBe(Math.floor(LIMITS.headerBlock / 3));
  });
});

describe('hostile MIME structure', () => {
  it('10,000 parts: at most LIMITS.parts are read', TRIPWIRE, () => {
    const raw = `${BOUNCE_HEAD}Content-Type: multipart/mixed; boundary=b\n\n${'--b\nContent-Type: text/plain\n\nx@y\n'.repeat(10_000)}--b--\n`;
    expect(leaves(parsePart(raw)).length).toBe(LIMITS.parts);
    expect(classifyBounce(raw).isBounce).toBe(true);
  });

  it('multiparts nested 500 deep: read to LIMITS.depth, parts counted at every depth', TRIPWIRE, () => {
    let body = 'innermost';
    for (let i = 0; i < 500; i++) body = `Content-Type: multipart/mixed; boundary=n${i}\n\n--n${i}\n${body}\n--n${i}--\n`;
    const root = parsePart(`${BOUNCE_HEAD}${body}`);
    expect(depthOf(root)).toBe(LIMITS.depth + 1);
    const wide = `Content-Type: multipart/mixed; boundary=w\n\n${'--w\nContent-Type: multipart/mixed; boundary=v\n\n--v\n\nx\n--v\n\ny\n--v--\n'.repeat(200)}--w--\n`;
    const all = (p: MimePart): number => 1 + p.children.reduce((n, c) => n + all(c), 0);
    expect(all(parsePart(wide)) - 1).toBeLessThanOrEqual(LIMITS.parts);
  });

  it('pathological boundaries: one character, 64 KB, absent from the body, a body of delimiter-like lines', TRIPWIRE, () => {
    const oneChar = `Content-Type: multipart/mixed; boundary=-\n\n${'---\n'.repeat(MB2 / 8)}`;
    expect(leaves(parsePart(oneChar)).length).toBeLessThanOrEqual(LIMITS.parts);
    const long = fill('ab', 64 * 1024);
    const huge = parsePart(`Content-Type: multipart/mixed; boundary="${long}"\n\n${`--${long}\n\nx\n`.repeat(20)}`);
    expect(huge.children).toEqual([]); // longer than any real boundary: read as text
    const guessed = parsePart(`Content-Type: multipart/mixed; boundary=zz\n\n${'--abcdefg \n--abcdef g\n'.repeat(MB2 / 24)}`);
    expect(leaves(guessed).length).toBeLessThanOrEqual(LIMITS.parts);
    const noDelimiter = parsePart(`Content-Type: multipart/mixed; boundary=zz\n\n${fill('-- ', MB2)}`);
    expect(noDelimiter.contentType).toBe('text/plain');
  });

  it('a 5 MB message is read to its first 2 MB', TRIPWIRE, () => {
    const raw = `${BOUNCE_HEAD}\n${fill('x', 5 * 1024 * 1024)}`;
    expect(parsePart(raw).body.length).toBeLessThanOrEqual(LIMITS.partScan);
    expect(classifyBounce(Buffer.from(raw)).isBounce).toBe(true);
  });
});

describe('hostile report text', () => {
  it('2 MB lines without spaces, of dashes, of "x@x." and of "5.5."', TRIPWIRE, () => {
    for (const unit of ['x', '-', '=-', 'x@x.', '5.5.', '550 ', '>']) {
      const r = classifyBounce(`${BOUNCE_HEAD}\n${fill(unit, MB2)}\n`);
      expect(r.isBounce).toBe(true);
    }
    expect(reportText(fill('-', 64 * 1024))).toHaveLength(64 * 1024);
  });

  it('a DSN whose fields are 2 MB of letters', TRIPWIRE, () => {
    const a = fill('a', MB2 / 2);
    const r = classifyBounce(`${BOUNCE_HEAD}Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; ${a}\n\nFinal-Recipient: rfc822; ${a}\nAction: failed\nStatus: 5.1.1\n--b--\n`);
    expect(r).toMatchObject({ isBounce: true, recipient: null });
  });

  it('a remote SMTP reply of 64 KB repeating "ip", "client host" and "blocked"', TRIPWIRE, () => {
    expect(classifySmtpReply(550, null, fill('ip ', 64 * 1024)).category).toBe('hard');
    // The rules read the first 4 KB (an SMTP reply line is at most 512 octets): the tail of
    // a 64 KB reply is not read, so these are decided by what the first 4 KB say.
    expect(classifySmtpReply(550, null, `${fill('client host ', 64 * 1024)} rejected`).category).toBe('hard');
    expect(classifySmtpReply(550, null, `${fill('blocked ', 64 * 1024)}user`).category).toBe('block');
    expect(classifySmtpReply(550, null, `${fill('[10.2.3.4] ', 64 * 1024)}`).enhanced).toBeNull();
  });
});
