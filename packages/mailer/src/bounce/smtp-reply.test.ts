import { describe, expect, it } from 'vitest';
import { classifySmtpReply } from './smtp-reply.ts';

describe('classifySmtpReply', () => {
  const cases: [number, string, string][] = [
    [250, '250 2.0.0 Ok: queued as 123', 'delivered'],
    [451, '451 4.7.1 Greylisted, please try again later', 'soft'],
    [421, '421 4.7.0 Too many connections, try again', 'soft'],
    [550, '550 5.1.1 <x@example.com>: Recipient address rejected: User unknown', 'hard'],
    [550, '550 Requested action not taken: mailbox unavailable', 'hard'],
    [554, '554 5.7.1 Service unavailable; Client host [127.0.0.2] blocked using zen.spamhaus.org', 'block'],
    [550, '550 5.7.1 Your IP is listed on a blocklist', 'block'],
    [554, '554 5.7.1 Message rejected due to poor sender reputation', 'block'],
    [550, '550 5.7.1 Rejected for policy reasons', 'block'],
    [552, '552 5.2.2 Mailbox full', 'soft'],
    [550, '550 permanent failure', 'hard'],
  ];
  it.each(cases)('%i %s -> %s', (code, text, want) => {
    expect(classifySmtpReply(code, null, text).category).toBe(want);
  });

  it('extracts the enhanced status code from the text', () => {
    expect(classifySmtpReply(550, undefined, '550 5.1.1 no such user').enhanced).toBe('5.1.1');
  });

  it('a disabled or blocked mailbox is the recipient, not the IP: soft, as a DSN with the same words', () => {
    // One rule table for both paths (rules.ts): a disabled account may come back, so it
    // counts towards the soft-bounce streak instead of suppressing at once.
    expect(classifySmtpReply(550, '5.2.1', '550 5.2.1 mailbox disabled, user blocked').category).toBe('soft');
  });

  it('a 4xx is retried even when the words would be hard; a block stays a block', () => {
    expect(classifySmtpReply(450, null, '450 4.1.1 <a@example.com>: Recipient address rejected: User unknown')).toMatchObject({ category: 'soft', reason: 'retry-4xx:address-unknown' });
    expect(classifySmtpReply(421, null, '421 4.7.0 [10.1.2.3] blocked using zen.spamhaus.org').category).toBe('block');
  });

  it('reads no enhanced status out of an IP literal', () => {
    expect(classifySmtpReply(554, null, '554 Client host [10.2.3.4] rejected').enhanced).toBeNull();
    expect(classifySmtpReply(550, null, '550 mx [192.0.2.5] said 5.1.1 unknown').enhanced).toBe('5.1.1');
  });
});
