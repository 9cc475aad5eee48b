// Not every report is a bounce, through the real inbound path: a receiving MTA (or a
// challenge-response system) talks SMTP to the inbound server about a message we sent; the
// worker classifies it in its thread pool and applies it. Delays are warnings kept on the
// message (an event), whatever their wording; challenge-response and whitelist mail is
// ignored. None of them may suppress the subscriber, bounce the message or rest an IP.
import { SMTPServer as ReceiverServer } from 'smtp-server';
import { beforeAll, describe, expect, it } from 'vitest';
import { verpAddress } from '@rundbrief/core';
import { isIpBlockedForDomain } from '@rundbrief/core/platform/ip-blocks';
import { getDb } from '@rundbrief/db';
import { classifySmtpReply } from '@rundbrief/mailer/bounce/smtp-reply';
import { TransportPool } from '@rundbrief/mailer/transport/pool';
import { deliver, dsn, seedAudience, seedSentMessage, seedSubscriber, useInboundServer, waitFor } from './fixtures.ts';

const db = getDb();
const inbound = useInboundServer();
let port: number;
beforeAll(() => { port = inbound.port; });

type Result = { effect: string; classification?: { category?: string; isBounce?: boolean } };
const done = (n: number) => async () => {
  const rows = await db.inboundMessage.findMany({ orderBy: { receivedAt: 'asc' } });
  return rows.length === n && rows.every((r) => r.status !== 'PENDING' && r.result) ? rows.map((r) => r.result as Result) : null;
};

async function untouched(message: { id: string }, sub: { id: string; email: string }) {
  const m = await db.message.findUniqueOrThrow({ where: { id: message.id } });
  expect({ status: m.status, bounceCategory: m.bounceCategory }).toEqual({ status: 'SENT', bounceCategory: null });
  expect((await db.subscriber.findUniqueOrThrow({ where: { id: sub.id } })).status).toBe('ACTIVE');
  expect(await db.suppression.count()).toBe(0);
  expect(await db.alert.count({ where: { kind: 'IP_BLOCKED' } })).toBe(0);
  expect(await isIpBlockedForDomain('127.0.0.2', sub.email.split('@')[1]!)).toBe(false);
}

/** Headers of the message as we sent it (VERP Return-Path, our MAC'd Message-ID), as a receiver quotes them. */
async function sentHeaders(message: { id: string; email: string }) {
  const m = await db.message.findUniqueOrThrow({ where: { id: message.id } });
  return [`Return-Path: <${verpAddress(m.id)}>`, `Message-ID: <${m.messageId}>`, `To: ${m.email}`, 'From: "Bounce Co" <news@news.bounce.example>', 'Subject: Hello'].join('\r\n');
}

describe('inbound: delays are warnings', () => {
  it('a delayed DSN with hard wording and one with a blocklist reason: an event each, nothing else', async () => {
    const { tenant, list } = await seedAudience();
    const sub = await seedSubscriber(tenant.id, [list.id]);
    const { message } = await seedSentMessage(tenant.id, sub);
    await deliver(port, verpAddress(message.id), dsn({ recipient: sub.email, status: '4.4.3', action: 'delayed', diagnostic: 'No MX found for domain' }));
    await deliver(port, verpAddress(message.id), dsn({ recipient: sub.email, status: '4.7.0', action: 'delayed', diagnostic: '421 4.7.0 [127.0.0.2] blocked using zen.spamhaus.org' }));
    const { value: results } = await waitFor(done(2), 10_000);
    expect(results.map((r) => [r.effect, r.classification?.category])).toEqual([['delayed', 'soft'], ['delayed', 'soft']]);
    await untouched(message, sub);
    // The warnings stay on the message: two events with the DSN's action and reason.
    const events = await db.event.findMany({ where: { messageId: message.id }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.type, (e.metadata as { action?: string }).action])).toEqual([['BOUNCE', 'delayed'], ['BOUNCE', 'delayed']]);
    expect((await db.campaign.findFirstOrThrow({ where: { tenantId: tenant.id } })).bouncedCount).toBe(0);
  });
});

describe('inbound: challenge-response and whitelist confirmations are no bounces', () => {
  it('a challenge from a daemon with a bounce-like subject, quoting the message we sent, is ignored', async () => {
    const { tenant, list } = await seedAudience();
    const sub = await seedSubscriber(tenant.id, [list.id]);
    const { message } = await seedSentMessage(tenant.id, sub);
    const challenge = [
      'From: MAILER-DAEMON@mx.protected.example',
      `To: ${verpAddress(message.id)}`,
      'Subject: Returned mail: please verify that you are a real person',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="C1"',
      '',
      '--C1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Your message to ${sub.email} is waiting for your confirmation.`,
      'This mailbox is protected against spam: to have your message delivered, please verify your email address at https://verify.protected.example/c/123.',
      '',
      '--C1',
      'Content-Type: text/rfc822-headers',
      '',
      await sentHeaders({ id: message.id, email: sub.email }),
      '',
      '--C1--',
      '',
    ].join('\r\n');
    const whitelist = [
      `From: ${sub.email}`,
      `To: ${verpAddress(message.id)}`,
      'Subject: Re: Hello',
      'Auto-Submitted: auto-replied',
      '',
      'Thank you, I have added you to my approved senders list.',
      '',
    ].join('\r\n');
    expect((await deliver(port, verpAddress(message.id), challenge)).ok).toBe(true);
    expect((await deliver(port, verpAddress(message.id), whitelist, sub.email)).ok).toBe(true);
    const { value: results } = await waitFor(done(2), 10_000);
    expect(results.map((r) => [r.effect, r.classification?.category, r.classification?.isBounce])).toEqual([
      ['ignored', 'auto-reply', false],
      ['ignored', 'auto-reply', false],
    ]);
    await untouched(message, sub);
    expect(await db.event.count({ where: { messageId: message.id } })).toBe(0);
  });
});

describe('one class for one wording: the live reply and the DSN that quotes it', () => {
  // A receiving server refuses our recipients with wordings real servers use (Postfix,
  // Gmail, Spamhaus users). The transport the send path uses talks to it, so the reply text
  // is exactly what deliver.ts classifies; then a DSN quoting that same reply comes back to
  // the inbound server, as a relay that accepted and failed later would send it.
  const refusals: Record<string, [number, string]> = {
    relay: [550, '5.7.1 <relay@receiver.test>: Relay access denied'],
    disabled: [550, '5.2.1 The email account that you tried to reach is disabled.'],
    full: [552, '5.2.2 <full@receiver.test>: Mailbox full'],
    listed: [554, '5.7.1 Service unavailable; Client host [127.0.0.2] blocked using zen.spamhaus.org'],
    unknown: [550, '5.1.1 <unknown@receiver.test>: Recipient address rejected: User unknown in virtual mailbox table'],
  };

  it('the SMTP-reply path and the DSN path give every refusal the same class', async () => {
    const receiver = new ReceiverServer({
      logger: false, authOptional: true, disabledCommands: ['STARTTLS'],
      onRcptTo(addr, _session, cb) {
        const [code, text] = refusals[addr.address.split('@')[0]!] ?? [250, ''];
        if (code === 250) return cb();
        cb(Object.assign(new Error(text), { responseCode: code }));
      },
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const receiverPort = (receiver.server.address() as { port: number }).port;
    const pool = new TransportPool({
      mode: 'relay', relayUrl: `smtp://127.0.0.1:${receiverPort}`, staticRoutes: {}, maxConnectionsPerIp: 1,
      requireTlsDomains: [], verifyRequiredTls: false, connectionTimeoutMs: 5000,
    });
    const { tenant, list } = await seedAudience();
    const sync: Record<string, string> = {};
    const replies: Record<string, string> = {};
    const messages: Record<string, string> = {};
    try {
      for (const local of Object.keys(refusals)) {
        const sub = await seedSubscriber(tenant.id, [list.id], `${local}@receiver.test`);
        const { message } = await seedSentMessage(tenant.id, sub);
        messages[local] = message.id;
        const raw = Buffer.from(`${await sentHeaders({ id: message.id, email: sub.email })}\r\n\r\nHello\r\n`);
        const res = await pool.send({ id: 'ip-a', address: '127.0.0.2', heloName: 'mta2.rundbrief.test' }, { from: verpAddress(message.id), to: sub.email }, raw);
        expect(res.ok).toBe(false);
        if (res.ok || res.kind !== 'reply') throw new Error(`expected an SMTP reply for ${local}`);
        replies[local] = res.response;
        sync[local] = classifySmtpReply(res.code, null, res.response).category;
      }
    } finally {
      await pool.close();
      await new Promise<void>((r) => receiver.close(() => r()));
    }
    expect(sync).toEqual({ relay: 'block', disabled: 'soft', full: 'soft', listed: 'block', unknown: 'hard' });

    for (const local of Object.keys(refusals)) {
      const reply = replies[local]!;
      await deliver(port, verpAddress(messages[local]!), dsn({ recipient: `${local}@receiver.test`, status: reply.match(/\b[45]\.\d\.\d{1,3}\b/)![0], diagnostic: reply }));
    }
    const { value: results } = await waitFor(done(Object.keys(refusals).length), 15_000);
    const later = Object.fromEntries(results.map((r) => [(r.classification as { recipient?: string }).recipient!.split('@')[0], r.classification?.category]));
    expect(later).toEqual(sync);
  });
});
