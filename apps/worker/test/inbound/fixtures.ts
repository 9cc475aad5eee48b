// Fixtures for the inbound / feedback integration tests: a tenant, a list, a subscriber and
// campaign messages that were "sent" from a given source IP; plus a mail client that talks
// to the inbound server like a receiving MTA returning a DSN would.
import { randomUUID } from 'node:crypto';
import { Worker } from 'bullmq';
import type { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import nodemailer from 'nodemailer';
import { closeQueues, coreEnv, createRedis, makeMessageId, QUEUES } from '@rundbrief/core';
import { closeIpBlocks } from '@rundbrief/core/platform/ip-blocks';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { applyInboundJob } from '@rundbrief/core/feedback/inbound-jobs';
import { startClassifyPool } from '@rundbrief/core/feedback/classify';
import { forgetPlatformSettings, updatePlatformSettings, type FblReporter } from '@rundbrief/core/platform/settings';
import { createInboundServer, listenInbound } from '../../src/inbound/server.ts';

let n = 0;
const uniq = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

export async function seedAudience(over: { softBounceLimit?: number; autoPauseMinDelivered?: number } = {}) {
  const db = getDb();
  // The sending pool the messages went out from (loopback source addresses).
  await db.sendingIp.createMany({
    data: ['127.0.0.2', '127.0.0.3'].map((address) => ({ address, heloName: `mta${address.split('.')[3]}.rundbrief.test` })),
    skipDuplicates: true,
  });
  const tenant = await db.tenant.create({ data: { name: 'Bounce Co', slug: `bounce-${uniq()}`, imprint: 'Bounce Co GmbH', ...over } });
  const list = await db.list.create({ data: { tenantId: tenant.id, name: `Main ${uniq()}` } });
  const list2 = await db.list.create({ data: { tenantId: tenant.id, name: `News ${uniq()}` } });
  return { tenant, list, list2 };
}

export async function seedSubscriber(tenantId: string, listIds: string[], email = `sub-${uniq()}@mail.example.net`) {
  const db = getDb();
  const s = await db.subscriber.create({ data: { tenantId, email } });
  for (const listId of listIds) {
    await db.subscription.create({ data: { tenantId, listId, subscriberId: s.id, status: 'CONFIRMED', source: 'FORM', confirmedAt: new Date() } });
  }
  return s;
}

/** A campaign with one SENT message to `subscriber` from `sourceIp`, sent `minutesAgo`. */
export async function seedSentMessage(tenantId: string, subscriber: { id: string; email: string }, opts: { sourceIp?: string; minutesAgo?: number; status?: 'SENT' | 'BOUNCED'; bounceCategory?: string } = {}) {
  const db = getDb();
  const campaign = await db.campaign.create({ data: { tenantId, name: `C ${uniq()}`, subject: 'Hello', mjml: '<mjml></mjml>', status: 'SENDING', recipientCount: 1, sentCount: 1 } });
  const id = randomUUID();
  const message = await db.message.create({
    data: {
      id, tenantId, campaignId: campaign.id, subscriberId: subscriber.id, email: subscriber.email, status: opts.status ?? 'SENT',
      bounceCategory: opts.bounceCategory ?? null, sourceIp: opts.sourceIp ?? '127.0.0.2', smtpCode: 250,
      messageId: makeMessageId(id, 'news.bounce.example'), sentAt: new Date(Date.now() - (opts.minutesAgo ?? 1) * 60_000),
    },
  });
  return { campaign, message };
}

/** The operator's FBL reporters (loopback by default: the test client's source address). */
export async function configureReporters(reporters: Partial<FblReporter>[] = [{ name: 'Loopback test reporter', ips: ['127.0.0.1/32', '::1'] }]) {
  await updatePlatformSettings({ fblReporters: reporters.map((r) => ({ name: r.name ?? 'Test reporter', ips: r.ips ?? [], dkimDomains: r.dkimDomains ?? [] })) });
}

/** A BullMQ worker on the inbound queue, as apps/worker/src/main.ts runs it. */
export function startInboundWorker() {
  startClassifyPool();
  const connection = createRedis('worker');
  const worker = new Worker(QUEUES.inbound, () => applyInboundJob.handle(), {
    connection, prefix: coreEnv().QUEUE_PREFIX, concurrency: 4,
  });
  return { worker, close: async () => { await worker.close(); connection.disconnect(); } };
}

/**
 * The set-up every inbound test file shares: an inbound SMTP server on a free port and a
 * worker applying what it accepts (before all), an empty database and fresh platform
 * settings (before each), everything closed (after all). Read `port` and `worker` in tests.
 */
export function useInboundServer(options?: Parameters<typeof createInboundServer>[0]) {
  const h = {} as { server: SMTPServer; port: number; worker: ReturnType<typeof startInboundWorker> };
  beforeAll(async () => {
    h.server = createInboundServer(options);
    h.port = await listenInbound(h.server, 0);
    h.worker = startInboundWorker();
  });
  afterAll(async () => {
    await h.worker.close();
    await new Promise<void>((r) => h.server.close(() => r()));
    await closeQueues();
    await closeIpBlocks();
  });
  beforeEach(async () => {
    await truncateAll();
    forgetPlatformSettings();
  });
  return h;
}

export type SendResult = { ok: true; response: string } | { ok: false; code: number | undefined; response: string };

/** Delivers `raw` over SMTP with a null reverse-path, as MTAs send DSNs (RFC 5321 4.5.5). */
export async function deliver(port: number, to: string | string[], raw: string | Buffer, from = '', localAddress?: string): Promise<SendResult> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: false, ...(localAddress ? { localAddress } : {}) });
  try {
    const info = await transport.sendMail({ envelope: { from, to: Array.isArray(to) ? to : [to] }, raw });
    return { ok: true, response: info.response };
  } catch (err) {
    const e = err as { responseCode?: number; response?: string; message: string };
    return { ok: false, code: e.responseCode, response: e.response ?? e.message };
  } finally {
    transport.close();
  }
}

/** Several messages over one SMTP connection, as a busy MTA returns its DSNs. */
export async function deliverMany(port: number, mails: { to: string; raw: string }[]): Promise<string[]> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: 1 });
  try {
    const out: string[] = [];
    for (const m of mails) out.push((await transport.sendMail({ envelope: { from: '', to: [m.to] }, raw: m.raw })).response);
    return out;
  } finally {
    transport.close();
  }
}

/** An RFC 3464 DSN for `recipient` as Postfix writes it. */
export function dsn(o: { recipient: string; status: string; diagnostic: string; action?: string; originalReturnPath?: string }): string {
  return [
    'From: MAILER-DAEMON@mx.receiver.example (Mail Delivery System)',
    'To: bounces@bounces.rundbrief.localhost',
    'Subject: Undelivered Mail Returned to Sender',
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B1"',
    '',
    '--B1',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host mx.receiver.example.',
    `<${o.recipient}>: ${o.diagnostic}`,
    '',
    '--B1',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.receiver.example',
    '',
    `Final-Recipient: rfc822; ${o.recipient}`,
    `Action: ${o.action ?? 'failed'}`,
    `Status: ${o.status}`,
    `Diagnostic-Code: smtp; ${o.diagnostic}`,
    '',
    '--B1',
    'Content-Type: text/rfc822-headers',
    '',
    `Return-Path: <${o.originalReturnPath ?? 'x@example'}>`,
    `To: ${o.recipient}`,
    'Subject: Our newsletter',
    '',
    '--B1--',
    '',
  ].join('\r\n');
}

/** Polls `probe` until it returns a truthy value; returns it with the time it took. */
export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 5000): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  for (;;) {
    const value = await probe();
    if (value) return { value, ms: performance.now() - t0 };
    if (performance.now() - t0 > timeoutMs) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
