// A burst of DSNs through the real inbound SMTP server (several connections), applied by
// a worker process and an in-process worker side by side (batches claimed with SKIP LOCKED):
// every accepted message ends in a terminal state, and what they changed equals the truth
// per message: one suppression per hard-bounced address, campaign counters equal to the
// bounced messages, one event per bounced message. Delivering part of the burst again
// changes nothing. No timing is asserted (throughput is `npm run bench -- --only bounce`).
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeQueues, verpAddress } from '@rundbrief/core';
import { closeClassifyPool } from '@rundbrief/core/feedback/classify';
import { closeIpBlocks } from '@rundbrief/core/platform/ip-blocks';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { createInboundServer, listenInbound } from '../../src/inbound/server.ts';
import { startWorker, type WorkerProc } from '../sending/fixtures.ts';
import { dsn, seedAudience, startInboundWorker, waitFor } from './fixtures.ts';

const db = getDb();
const MESSAGES = 1500; // 60 % hard, 20 % soft, 10 % block, 10 % auto-reply
const UNMATCHED = 300; // valid VERP addresses of messages that do not exist (deleted since)
const DUPLICATES = 200; // the first DSNs once more, in the same burst
const CONNECTIONS = 8;

let server: SMTPServer;
let port: number;
let inProcess: ReturnType<typeof startInboundWorker>;
let proc: WorkerProc;

beforeAll(async () => {
  await truncateAll();
  // One loopback client stands in for many MTAs: neither its SMTP rate nor its cap of effects may refuse the burst.
  process.env.FEEDBACK_SOURCE_CAP_PER_HOUR = '1000000';
  server = createInboundServer({ ratePerMinute: 1_000_000 });
  port = await listenInbound(server, 0);
  inProcess = startInboundWorker();
  proc = await startWorker({ WORKER_QUEUES: 'inbound', FEEDBACK_SOURCE_CAP_PER_HOUR: '1000000' });
}, 120_000);
afterAll(async () => {
  await proc?.stop('SIGTERM');
  await inProcess?.close();
  await new Promise<void>((r) => server.close(() => r()));
  await closeClassifyPool();
  await closeQueues();
  await closeIpBlocks();
  delete process.env.FEEDBACK_SOURCE_CAP_PER_HOUR;
});

type Mail = { to: string; raw: string };
const kindOf = (i: number) => (['hard', 'hard', 'hard', 'hard', 'hard', 'hard', 'soft', 'soft', 'block', 'auto-reply'] as const)[i % 10]!;

function mailFor(kind: ReturnType<typeof kindOf>, messageId: string, email: string): Mail {
  const to = verpAddress(messageId);
  if (kind === 'hard') return { to, raw: dsn({ recipient: email, status: '5.1.1', diagnostic: '550 5.1.1 user unknown' }) };
  if (kind === 'soft') return { to, raw: dsn({ recipient: email, status: '5.2.2', diagnostic: '552 5.2.2 mailbox full' }) };
  if (kind === 'block') return { to, raw: dsn({ recipient: email, status: '5.7.1', diagnostic: '554 5.7.1 Client host [127.0.0.2] blocked using zen.spamhaus.org' }) };
  return { to, raw: ['From: reader@mail.example.net', `To: ${to}`, 'Subject: Out of office', 'Auto-Submitted: auto-replied', '', 'Away until Monday.', ''].join('\r\n') };
}

/** Sends every mail over CONNECTIONS pooled connections; returns how many got a 250. */
async function deliverAll(mails: Mail[]): Promise<number> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, pool: true, maxConnections: CONNECTIONS, maxMessages: Infinity, ignoreTLS: true });
  let next = 0;
  let accepted = 0;
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (next < mails.length) {
      const m = mails[next++]!;
      await transport.sendMail({ envelope: { from: '', to: [m.to] }, raw: m.raw }).then(() => accepted++, () => {});
    }
  }));
  transport.close();
  return accepted;
}

const terminal = (expected: number) => async () => {
  const left = await db.inboundMessage.count({ where: { status: 'PENDING' } });
  return left === 0 && (await db.inboundMessage.count()) === expected;
};

async function truth() {
  const [events, suppressions, subscribersBounced, campaigns, messages] = await Promise.all([
    db.event.count({ where: { type: 'BOUNCE' } }),
    db.suppression.findMany({ select: { emailHash: true, reason: true }, orderBy: { emailHash: 'asc' } }),
    db.subscriber.count({ where: { status: 'BOUNCED' } }),
    db.campaign.findMany({ select: { id: true, bouncedCount: true }, orderBy: { id: 'asc' } }),
    db.message.findMany({ select: { id: true, status: true, bounceCategory: true }, orderBy: { id: 'asc' } }),
  ]);
  return { events, suppressions, subscribersBounced, campaigns, messages };
}

describe('a burst of DSNs over several connections and workers', () => {
  it('every accepted message ends APPLIED, UNMATCHED, REFUSED or FAILED; effects equal the per-message truth; delivering again changes nothing', async () => {
    const { tenant } = await seedAudience();
    const campaigns = await Promise.all(['A', 'B'].map((name) => db.campaign.create({ data: { tenantId: tenant.id, name, subject: 'Hello', mjml: '<mjml></mjml>', status: 'SENT', recipientCount: MESSAGES / 2 } })));
    await db.subscriber.createMany({ data: Array.from({ length: MESSAGES }, (_, i) => ({ tenantId: tenant.id, email: `burst${i}@d${i % 13}.example.net` })) });
    const subs = await db.subscriber.findMany({ where: { tenantId: tenant.id }, select: { id: true, email: true } });
    subs.sort((a, b) => Number(a.email.slice(5, a.email.indexOf('@'))) - Number(b.email.slice(5, b.email.indexOf('@'))));
    const sentAt = new Date(Date.now() - 3 * 3600_000);
    const ids = subs.map(() => randomUUID());
    await db.message.createMany({
      data: subs.map((s, i) => ({ id: ids[i]!, tenantId: tenant.id, campaignId: campaigns[i % 2]!.id, subscriberId: s.id, email: s.email, status: 'SENT' as const, sourceIp: '127.0.0.2', sentAt })),
    });

    const matched = subs.map((s, i) => mailFor(kindOf(i), ids[i]!, s.email));
    const unmatched = Array.from({ length: UNMATCHED }, (_, i) => mailFor('hard', randomUUID(), `gone${i}@d.example.net`));
    // Interleaved, so duplicates may land in the same batch as their original or in a concurrent one.
    const burst = [...matched, ...unmatched].flatMap((m, i) => (i < DUPLICATES ? [m, matched[i]!] : [m]));
    expect(burst).toHaveLength(MESSAGES + UNMATCHED + DUPLICATES);

    expect(await deliverAll(burst)).toBe(burst.length);
    await waitFor(terminal(burst.length), 600_000);

    const byStatus = Object.fromEntries((await db.inboundMessage.groupBy({ by: ['status'], _count: { _all: true } })).map((g) => [g.status, g._count._all]));
    const autoReplies = MESSAGES / 10;
    const dupAutoReplies = Array.from({ length: DUPLICATES }, (_, i) => kindOf(i)).filter((k) => k === 'auto-reply').length;
    expect(byStatus).toEqual({ APPLIED: MESSAGES - autoReplies + DUPLICATES - dupAutoReplies, UNMATCHED: autoReplies + UNMATCHED + dupAutoReplies });
    const rows = await db.inboundMessage.findMany({ select: { status: true, result: true } });
    const reasons = rows.filter((r) => r.status === 'UNMATCHED').map((r) => (r.result as { reason: string }).reason);
    expect(reasons.filter((r) => r === 'message-gone')).toHaveLength(UNMATCHED);
    // Auto-replies are classified as such (or as no bounce at all) and left alone.
    expect(reasons.filter((r) => r === 'auto-reply' || r === 'not-a-bounce')).toHaveLength(autoReplies + dupAutoReplies);
    // Of each bounce and its duplicate, exactly one changed the message.
    const effects = rows.filter((r) => r.status === 'APPLIED').map((r) => (r.result as { effect: string }).effect);
    expect(effects.filter((e) => e === 'duplicate')).toHaveLength(DUPLICATES - dupAutoReplies);

    const t = await truth();
    const expectedCategory = (i: number) => (kindOf(i) === 'auto-reply' ? null : kindOf(i));
    expect(t.messages.map((m) => [m.id, m.status, m.bounceCategory])).toEqual(
      ids.map((id, i) => [id, expectedCategory(i) ? 'BOUNCED' : 'SENT', expectedCategory(i)]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
    const hardBounced = ids.filter((_, i) => kindOf(i) === 'hard').length;
    expect(t.suppressions).toHaveLength(hardBounced);
    expect(new Set(t.suppressions.map((s) => s.reason))).toEqual(new Set(['HARD_BOUNCE']));
    expect(t.subscribersBounced).toBe(hardBounced);
    const bouncedPerCampaign = await db.message.groupBy({ by: ['campaignId'], where: { status: 'BOUNCED' }, _count: { _all: true }, orderBy: { campaignId: 'asc' } });
    expect(t.campaigns.map((c) => [c.id, c.bouncedCount])).toEqual(bouncedPerCampaign.map((g) => [g.campaignId, g._count._all]));
    expect(t.events).toBe(MESSAGES - autoReplies);

    // A receiving MTA that resends the first part of the burst: new rows, no new effects.
    const again = burst.slice(0, 500);
    expect(await deliverAll(again)).toBe(again.length);
    await waitFor(terminal(burst.length + again.length), 600_000);
    expect(await truth()).toEqual(t);
  }, 900_000);
});
