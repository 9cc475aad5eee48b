// One rule table for both paths (src/bounce/rules.ts): the same remote wording gets the same
// class whether it is the reply of a live SMTP session (classifySmtpReply) or the
// Diagnostic-Code of a DSN that arrives later (classifyBounce). Plus the extraction cases
// the rules depend on (IP literals, odd addresses, folded and encoded headers) and the
// automatic mail that is no bounce (challenge-response, whitelist confirmations, delays).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyBounce } from '../../src/bounce/classify.ts';
import { extractReplyCode, extractStatus } from '../../src/bounce/codes.ts';
import { decodeWords, leaves, parsePart, splitMessage } from '../../src/bounce/mime.ts';
import { decide, remoteReply, RULES } from '../../src/bounce/rules.ts';
import { classifySmtpReply } from '../../src/bounce/smtp-reply.ts';
import { sisimaiDir } from './corpus.ts';

/** A DSN as Postfix writes it, for one recipient, with `reply` as the remote's answer. */
function dsn(o: { recipient?: string; status?: string; reply: string; action?: string; subject?: string }): string {
  const recipient = o.recipient ?? 'reader@mail.example.net';
  return [
    'Return-Path: <>',
    'From: MAILER-DAEMON@mx.receiver.example (Mail Delivery System)',
    'To: bounces@bounces.rundbrief.localhost',
    `Subject: ${o.subject ?? 'Undelivered Mail Returned to Sender'}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B1"',
    '',
    '--B1',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host mx.receiver.example.',
    `<${recipient}>: host mx.example.net[192.0.2.25] said: ${o.reply}`,
    '',
    '--B1',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.receiver.example',
    '',
    `Final-Recipient: rfc822; ${recipient}`,
    `Action: ${o.action ?? 'failed'}`,
    `Status: ${o.status ?? extractStatus(o.reply) ?? '5.0.0'}`,
    `Diagnostic-Code: smtp; ${o.reply}`,
    '',
    '--B1--',
    '',
  ].join('\n');
}

describe('one rule table for the SMTP-reply and the DSN path', () => {
  // Wordings the two paths disagreed on before (relaying, disabled accounts) and the
  // common ones; the class is what a postmaster would say.
  const wordings: [code: number, reply: string, want: 'hard' | 'soft' | 'block'][] = [
    [550, '550 Relaying denied', 'block'],
    [554, '554 5.7.1 <reader@mail.example.net>: Relay access denied', 'block'],
    [550, '550 5.2.1 The email account that you tried to reach is disabled.', 'soft'],
    [550, '550 account disabled', 'soft'],
    [550, '550 5.2.1 mailbox disabled, user blocked', 'soft'],
    [552, '552 5.2.2 Mailbox full', 'soft'],
    [550, '550 mailbox full', 'soft'],
    [452, '452 4.2.2 The email account that you tried to reach is over quota', 'soft'],
    [554, '554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org', 'block'],
    [550, '550 5.7.1 Your IP is listed on a blocklist', 'block'],
    [550, '550 5.7.26 This mail is unauthenticated, which poses a security risk (DMARC policy)', 'block'],
    [550, '550 5.1.1 <reader@mail.example.net>: Recipient address rejected: User unknown in virtual mailbox table', 'hard'],
    [550, '550 Requested action not taken: mailbox unavailable', 'hard'],
    [550, '550 5.1.1 The email account that you tried to reach does not exist', 'hard'],
    [554, '554 5.7.1 user unknown', 'hard'],
    [550, '550 permanent failure', 'hard'],
    [500, '500 Remote server does not support TLS', 'soft'],
    [550, '550 Message rejected', 'block'],
  ];

  it.each(wordings)('%i %s → %s on both paths', (code, reply, want) => {
    const sync = classifySmtpReply(code, null, reply);
    const later = classifyBounce(dsn({ reply }));
    expect({ sync: sync.category, dsn: later.category }).toEqual({ sync: want, dsn: want });
  });

  it('names the rule that decided, on both paths', () => {
    expect(classifySmtpReply(550, null, '550 Relaying denied').reason).toBe('blocklist-policy');
    expect(decide({ text: '550 Relaying denied', status: null, smtpCode: 550 }).rule).toBe('blocklist-policy');
    expect(decide({ text: '', status: '5.1.1', smtpCode: 550 }).rule).toBe('specific-code');
    expect(decide({ text: 'no words', status: null, smtpCode: 552 })).toEqual({ category: 'soft', rule: 'codes' });
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });
});

describe('precedence', () => {
  it('specific wording outranks a generic enhanced code', () => {
    // 5.7.x alone would be policy (block); the words say the address is unknown.
    expect(decide({ text: '550 5.7.1 No such user here', status: '5.7.1', smtpCode: 550 }).category).toBe('hard');
    // 5.0.0 says nothing; the words say full.
    expect(decide({ text: 'mailbox is full', status: '5.0.0', smtpCode: 550 }).category).toBe('soft');
    // ...and the specific code outranks vague words: 5.1.1 with only "rejected".
    expect(decide({ text: 'rejected', status: '5.1.1', smtpCode: 550 }).category).toBe('hard');
  });

  it("the account is disabled outranks a server's generic \"user unknown\"", () => {
    expect(decide({ text: 'The user(s) account is disabled. 550 user unknown', status: '5.0.0', smtpCode: null }).category).toBe('soft');
  });

  it("the remote server's reply outranks the reporting MTA's boilerplate", () => {
    // Real wrappers, from sisimai's lhost-amazonses-01 and lhost-gmail-07.
    const ses = "5.1.0 - Unknown address error 550-'5.7.1 <x@email-bounces.amazonses.com>... Access denied' (delivery attempts: 0)";
    expect(remoteReply(ses)).toMatch(/^550-'5\.7\.1/);
    expect(decide({ text: ses, status: '5.7.1', smtpCode: 550 }).category).toBe('block');
    const gmail = 'Google tried to deliver your message, but it was rejected by the recipient domain. The error that the other server returned was: 500 Remote server does not support TLS (state 6).';
    expect(remoteReply(gmail)).toBe('500 Remote server does not support TLS (state 6).');
    expect(decide({ text: gmail, status: null, smtpCode: 500 }).category).toBe('soft');
    // The DSN reader takes the remote's status, not the summary's.
    const r = classifyBounce(dsn({ reply: ses, status: '5.0.0' }));
    expect({ status: r.status, category: r.category }).toEqual({ status: '5.7.1', category: 'block' });
  });

  it('a footer helpdesk address is never the failed recipient', () => {
    const raw = [
      'From: MAILER-DAEMON@smtp.example.ne.jp (Mail Delivery System)',
      'Subject: Undelivered Mail Returned to Sender',
      '',
      'Please contact <support@isp.example> if you need further assistance.',
      // The same footer in a second language names the address without the English words
      // (as in sisimai's lhost-postfix-07): a helpdesk address is one everywhere.
      'お問い合わせ <support@isp.example>',
      '',
      '<reader@user.example.org>: host mx.user.example.org[192.0.2.22] said: 550',
      '    <reader@user.example.org>: User unknown',
      '',
    ].join('\n');
    expect(classifyBounce(raw)).toMatchObject({ recipient: 'reader@user.example.org', category: 'hard' });
  });
});

describe('robust extraction', () => {
  it('reads no status code out of an IP literal or a longer dotted number', () => {
    expect(extractStatus('[1.2.3.4]')).toBeNull();
    expect(extractStatus('host mx[10.2.3.4] refused')).toBeNull();
    expect(extractStatus('from 192.0.2.250')).toBeNull();
    expect(extractStatus('version 4.2.2.1')).toBeNull();
    expect(extractStatus('said: 550 5.1.1 <a@b.example>')).toBe('5.1.1');
    expect(extractStatus('#5.1.1')).toBe('5.1.1');
    expect(extractReplyCode('[192.0.2.250]')).toBeNull();
    // A DSN whose diagnostic only names the remote's address: its own Status stands.
    const r = classifyBounce(dsn({ reply: 'connect to mx.example.net[4.2.2.1]:25: Connection timed out', status: '4.4.1', action: 'failed' }));
    expect(r.status).toBe('4.4.1');
  });

  it.each(['reader@mail.xn--p1ai', 'reader@intranet', 'reader@host.x1', 'reader@example.invalid2'])('a DSN for %s still yields its Status and Action', (recipient) => {
    const r = classifyBounce(dsn({ recipient, reply: '550 5.1.1 User unknown' }));
    expect({ isBounce: r.isBounce, recipient: r.recipient, status: r.status, action: r.action, category: r.category })
      .toEqual({ isBounce: true, recipient, status: '5.1.1', action: 'failed', category: 'hard' });
  });

  it('a Content-Type parameter folded onto the next line without ";" still parses', () => {
    const part = parsePart('Content-Type: text/plain\n   charset="iso-2022-jp"\n\nbody\n');
    expect(part.contentType).toBe('text/plain');
    expect(part.params.get('charset')).toBe('iso-2022-jp');
  });

  it('an indented multipart delimiter still splits the parts', () => {
    const raw = dsn({ reply: '550 5.1.1 User unknown' }).replace('\n--B1\nContent-Type: message/delivery-status', '\n --B1\nContent-Type: message/delivery-status');
    expect(raw).toContain('\n --B1\n');
    const { head, body } = splitMessage(raw);
    expect(leaves(parsePart(`${head}\n\n${body}`)).map((p) => p.contentType)).toEqual(['text/plain', 'message/delivery-status']);
    expect(classifyBounce(raw)).toMatchObject({ status: '5.1.1', action: 'failed', category: 'hard' });
  });

  it('encoded and folded subjects are decoded before they are read', () => {
    // A challenge request whose subject is split over two encoded words on folded lines.
    const raw = [
      'From: "Verification" <noreply@verify.example>',
      'Subject: =?UTF-8?B?UGxlYXNlIHZlcmlmeSB5b3Vy?=',
      ' =?UTF-8?Q?_email_address?=',
      '',
      'Hello',
      '',
    ].join('\n');
    expect(classifyBounce(raw)).toMatchObject({ isBounce: false, category: 'auto-reply', autoReply: 'challenge-response' });
    // Each encoded word in its own charset.
    expect(decodeWords('=?ISO-8859-1?Q?Abwesenheitsnotiz:_R=FCckkehr?=')).toBe('Abwesenheitsnotiz: Rückkehr');
    expect(decodeWords('=?ISO-2022-JP?B?GyRCJV4lJCVrGyhC?=')).toBe('マイル');
  });
});

describe('not every report is a bounce', () => {
  it('a challenge-response request is an auto-reply, never a bounce', () => {
    const raw = [
      'Return-Path: <>',
      'From: MAILER-DAEMON@mx.protected.example',
      'Subject: Returned mail: please verify that you are a real person',
      '',
      'Your message to reader@protected.example is waiting for your confirmation.',
      'To have it delivered, please verify your email address by clicking the link below.',
      '',
    ].join('\n');
    expect(classifyBounce(raw)).toMatchObject({ isBounce: false, category: 'auto-reply', autoReply: 'challenge-response' });
  });

  it('a bounce that quotes a failure and also says "verify your email address" stays a bounce', () => {
    const raw = [
      'From: MAILER-DAEMON@mx.receiver.example',
      'Subject: Undeliverable: Hello',
      '',
      'Delivery has failed to these recipients: reader@receiver.example',
      'Remote server returned 550 5.1.1 RESOLVER.ADR.RecipNotFound; not found.',
      'Please verify your email address list and try again.',
      '',
    ].join('\n');
    expect(classifyBounce(raw)).toMatchObject({ isBounce: true, recipient: 'reader@receiver.example', category: 'hard' });
  });

  it('a whitelist confirmation is an auto-reply', () => {
    const raw = ['From: reader@protected.example', 'Subject: Re: Our newsletter', '', 'I have added you to my approved senders list. Thanks!', ''].join('\n');
    expect(classifyBounce(raw)).toMatchObject({ isBounce: false, category: 'auto-reply', autoReply: 'challenge-response' });
  });

  it('a delayed DSN is a soft warning whatever its wording; a block reason is kept apart', () => {
    const gone = classifyBounce(dsn({ reply: 'No MX found for domain', status: '4.0.0', action: 'delayed' }));
    expect({ category: gone.category, action: gone.action }).toEqual({ category: 'soft', action: 'delayed' });
    const blocked = classifyBounce(dsn({ reply: '421 4.7.0 [192.0.2.7] blocked using zen.spamhaus.org', action: 'delayed' }));
    expect({ category: blocked.category, action: blocked.action, delayReason: blocked.delayReason }).toEqual({ category: 'soft', action: 'delayed', delayReason: 'block' });
    const unknown = classifyBounce(dsn({ reply: '550 5.1.1 User unknown', action: 'delayed' }));
    expect(unknown.category).toBe('soft');
  });

  it('real delay warnings without an Action field are recognised as delays (sisimai lhost-exim-38, lhost-gmail-08)', () => {
    for (const f of ['lhost-exim-38.eml', 'lhost-gmail-08.eml', 'lhost-sendmail-29.eml']) {
      const r = classifyBounce(readFileSync(join(sisimaiDir, 'maildir/bsd', f)));
      expect({ f, action: r.action, category: r.category }).toEqual({ f, action: 'delayed', category: 'soft' });
    }
  });

  it('a mailing list refusing a non-member is a block (sisimai lhost-fml-02)', () => {
    expect(classifyBounce(readFileSync(join(sisimaiDir, 'maildir/bsd/lhost-fml-02.eml')))).toMatchObject({ isBounce: true, category: 'block' });
  });
});
