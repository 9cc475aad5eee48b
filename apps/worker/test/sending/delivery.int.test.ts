// End to end through a real worker process, Redis, Postgres and an SMTP server on loopback:
// what receivers see (structure, headers, DKIM, source IPs) and what happens on 4xx / 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { closeQueues, unsubscribeUrl, verifyMessageId, verpAddress } from '@rundbrief/core';
import { requestCampaignSend } from '@rundbrief/core/sending/start';
import { assertSendable } from '@rundbrief/core/authoring/sendable';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { messageStatuses, seedSending, startSink, startWorker, waitFor, type WorkerProc } from './fixtures.ts';

const normal = Array.from({ length: 24 }, (_, i) => `kunde${i}@d${i % 8}.example`);
const grey = ['g1@grey.test', 'g2@grey.test', 'g3@grey.test'];
const hard = ['nobody@bounce.test', 'gone@bounce.test'];
const blocked = ['anna@blocked.test'];
const blockOne = ['ben@blockone.test', 'clara@blockone.test'];

let sink: Awaited<ReturnType<typeof startSink>>;
let worker: WorkerProc;
let seed: Awaited<ReturnType<typeof seedSending>>;

beforeAll(async () => {
  await truncateAll();
  sink = await startSink();
  seed = await seedSending({ recipients: [...normal, ...grey, ...hard, ...blocked, ...blockOne] });
  worker = await startWorker({
    SMTP_RELAY_URL: `smtp://127.0.0.1:${sink.port}`,
    SEND_RETRY_BASE_SECONDS: '1',
    SEND_RETRY_DEADLINE_SECONDS: '6',
    SEND_BATCH_SIZE: '10',
  });
  await requestCampaignSend({ tenantId: seed.tenant.id }, { campaignId: seed.campaign.id }, { assertSendable });
  await waitFor(async () => (await getDb().campaign.findUnique({ where: { id: seed.campaign.id } }))?.status === 'SENT', 45_000, 'campaign SENT');
}, 90_000);

afterAll(async () => {
  await worker?.stop();
  await sink?.close();
  await closeQueues();
});

const receivedFor = (addr: string) => sink.received.filter((r) => r.rcptTo === addr);

describe('campaign delivery', () => {
  it('sends each recipient exactly one individual message, spread over both source IPs with their HELO names', async () => {
    for (const a of [...normal, ...grey, ...blockOne]) expect(receivedFor(a)).toHaveLength(1);
    expect(sink.received).toHaveLength(normal.length + grey.length + blockOne.length);
    expect(new Set(sink.received.map((r) => r.remoteIp))).toEqual(new Set(['127.0.0.2', '127.0.0.3']));
    for (const r of sink.received) expect(r.helo).toBe(r.remoteIp === '127.0.0.2' ? 'mta1.rundbrief.test' : 'mta2.rundbrief.test');
    const statuses = await messageStatuses(seed.campaign.id);
    expect(statuses.SENT).toBe(normal.length + grey.length + blockOne.length);
    const c = await getDb().campaign.findUniqueOrThrow({ where: { id: seed.campaign.id } });
    expect(c.sentCount).toBe(statuses.SENT);
    expect(c.recipientCount).toBe(normal.length + grey.length + hard.length + blocked.length + blockOne.length);
  });

  it('builds multipart/alternative with every required header, VERP return-path and a passing DKIM signature', async () => {
    const msg = await getDb().message.findFirstOrThrow({ where: { campaignId: seed.campaign.id, email: 'kunde1@d1.example' } });
    const [r] = receivedFor('kunde1@d1.example');
    expect(r!.mailFrom).toBe(verpAddress(msg.id));
    const mail = await simpleParser(r!.raw);
    const line = (n: string) => mail.headerLines.find((h) => h.key === n)?.line.replace(/\r\n[ \t]+/g, ' ');
    expect(line('content-type')).toMatch(/^Content-Type: multipart\/alternative;/);
    expect(mail.text).toContain('Hallo Kundin 2');
    expect(mail.html).toContain('Hallo Kundin 2');
    expect(mail.html).toMatch(/\/t\/c\//); // click-tracked link
    expect(mail.from?.value[0]).toMatchObject({ address: 'news@news.shop.example', name: 'Shop Newsletter' });
    expect(mail.subject).toBe('Neuigkeiten für Kundin 2');
    // The Message-ID carries a MAC: feedback that quotes it names this message and no other.
    expect(msg.messageId).toMatch(/^[0-9a-f]{32}\.[0-9a-f]{16}@news\.shop\.example$/);
    expect(mail.messageId).toBe(`<${msg.messageId}>`);
    expect(verifyMessageId(mail.messageId)).toBe(msg.id);
    expect(line('reply-to')).toBe('Reply-To: <hello@news.shop.example>');
    expect(line('list-unsubscribe')).toContain(`<${unsubscribeUrl(msg.id)}>`);
    expect(line('list-unsubscribe')).toMatch(/<mailto:unsubscribe\+[^>]+@bounces\.rundbrief\.localhost\?subject=unsubscribe>/);
    expect(line('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(line('list-id')).toMatch(/^List-Id: Kunden <[0-9a-f]{32}\.news\.shop\.example>$/);
    expect(line('feedback-id')).toMatch(/^Feedback-ID: [0-9a-f]{8}:[0-9a-f]{8}:campaign:rundbrief$/);
    expect(line('cc')).toBeUndefined();
    expect(line('bcc')).toBeUndefined();
    const resolver = async (name: string, type: string) => {
      if (type === 'TXT' && name === 'rb2026._domainkey.news.shop.example') return [[seed.dkimTxt]];
      throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    };
    const dkim = await dkimVerify(r!.raw, { resolver });
    expect(dkim.results).toHaveLength(1);
    expect(dkim.results[0]).toMatchObject({ signingDomain: 'news.shop.example', status: { result: 'pass' } });
  });

  it('greylisting (451 on the first attempt): deferred, retried with backoff, then delivered', async () => {
    for (const a of grey) {
      expect(sink.rejected.filter((x) => x.rcptTo === a && x.code === 451)).toHaveLength(1);
      expect(receivedFor(a)).toHaveLength(1);
    }
    const msgs = await getDb().message.findMany({ where: { campaignId: seed.campaign.id, email: { in: grey } } });
    for (const m of msgs) expect(m).toMatchObject({ status: 'SENT', attempts: 2 });
    // The retry deadline counts from the first attempt, which is recorded once and kept.
    for (const m of msgs) {
      expect(m.firstAttemptAt).not.toBeNull();
      expect(m.firstAttemptAt!.getTime()).toBeLessThan(m.sentAt!.getTime());
      expect(m.firstAttemptAt!.getTime()).toBeGreaterThanOrEqual(m.createdAt.getTime());
    }
  });

  it('550 user unknown: bounced, suppressed and the subscriber marked BOUNCED at once', async () => {
    const msgs = await getDb().message.findMany({ where: { campaignId: seed.campaign.id, email: { in: hard } } });
    expect(msgs).toHaveLength(2);
    for (const m of msgs) {
      expect(m.status).toBe('BOUNCED');
      expect(m.smtpCode).toBe(550);
      expect(m.smtpReply).toContain('User unknown');
      expect((await getDb().subscriber.findUniqueOrThrow({ where: { id: m.subscriberId } })).status).toBe('BOUNCED');
    }
    const sup = await getDb().suppression.findMany({ where: { tenantId: seed.tenant.id } });
    expect(sup.map((s) => [s.email, s.reason]).sort()).toEqual(hard.map((e) => [e, 'HARD_BOUNCE']).sort());
    const c = await getDb().campaign.findUniqueOrThrow({ where: { id: seed.campaign.id } });
    expect(c.bouncedCount).toBe(2);
  });

  it('554 blocklist wording: IP alert, the recipient untouched, delivery moved to the other IP', async () => {
    const alerts = await getDb().alert.findMany({ where: { kind: 'IP_BLOCKED' } });
    const byDomain = (d: string) => alerts.filter((a) => (a.details as { domain: string }).domain === d).map((a) => (a.details as { ip: string }).ip).sort();
    expect(byDomain('blocked.test')).toEqual(['127.0.0.2', '127.0.0.3']);
    const bad = sink.state.blockedIp!;
    expect(byDomain('blockone.test')).toEqual([bad]);
    for (const a of blockOne) expect(receivedFor(a)[0]!.remoteIp).toBe(bad === '127.0.0.2' ? '127.0.0.3' : '127.0.0.2');
    const m = await getDb().message.findFirstOrThrow({ where: { campaignId: seed.campaign.id, email: blocked[0] } });
    expect(m.status).toBe('FAILED'); // retried until the (test) deadline, never BOUNCED
    expect((await getDb().subscriber.findUniqueOrThrow({ where: { id: m.subscriberId } })).status).toBe('ACTIVE');
    expect(await getDb().suppression.count({ where: { email: blocked[0] } })).toBe(0);
  });
});
