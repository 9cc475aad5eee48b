// Not every report is a bounce, through the real inbound path: a receiving MTA (or a
// challenge-response system) talks SMTP to the inbound server about a message we sent; the
// worker classifies it in its thread pool and applies it. Delays are warnings kept on the
// message (an event), whatever their wording; challenge-response and whitelist mail is
// ignored. None of them may suppress the subscriber, bounce the message or rest an IP.
import type { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeQueues, verpAddress } from '@rundbrief/core';
import { closeIpBlocks, isIpBlockedForDomain } from '@rundbrief/core/platform/ip-blocks';
import { forgetPlatformSettings } from '@rundbrief/core/platform/settings';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { createInboundServer, listenInbound } from '../../src/inbound/server.ts';
import { deliver, dsn, seedAudience, seedSentMessage, seedSubscriber, startInboundWorker, waitFor } from './fixtures.ts';

const db = getDb();
let server: SMTPServer;
let port: number;
let worker: ReturnType<typeof startInboundWorker>;

beforeAll(async () => {
  server = createInboundServer();
  port = await listenInbound(server, 0);
  worker = startInboundWorker();
});
afterAll(async () => {
  await worker.close();
  await new Promise<void>((r) => server.close(() => r()));
  await closeQueues();
  await closeIpBlocks();
});
beforeEach(async () => {
  await truncateAll();
  forgetPlatformSettings();
});

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
