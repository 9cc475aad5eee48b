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

  it('a blocked mailbox is the recipient, not the IP', () => {
    expect(classifySmtpReply(550, '5.2.1', '550 5.2.1 mailbox disabled, user blocked').category).toBe('hard');
  });
});
