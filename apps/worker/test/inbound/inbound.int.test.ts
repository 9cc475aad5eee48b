// The feedback loop end to end: a receiving MTA returns a DSN (or an FBL report, or a
// mailto unsubscribe) over SMTP to the inbound server; the worker applies it and Postgres
// shows the effect within seconds.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256, unsubscribeMailto, verpAddress } from '@rundbrief/core';
import { isIpBlockedForDomain } from '@rundbrief/core/platform/ip-blocks';
import { processInboundMessage, processStaleInbound, storeInboundMessage } from '@rundbrief/core/feedback/inbound';
import { getDb } from '@rundbrief/db';
import { createInboundServer, listenInbound } from '../../src/inbound/server.ts';
import { configureReporters, deliver, deliverMany, dsn, seedAudience, seedSentMessage, seedSubscriber, useInboundServer, waitFor } from './fixtures.ts';

const db = getDb();
const arfDir = resolve(import.meta.dirname, '../../../../../shared/corpora/arf/stalwart-mail-auth');
const timings: number[] = [];
const inbound = useInboundServer();
let port: number;
beforeAll(() => { port = inbound.port; });
afterAll(() => {
  console.log(`bounce→DB latency over ${timings.length} deliveries: max ${Math.max(...timings).toFixed(0)} ms`);
});

const bounced = (id: string) => async () => {
  const m = await db.message.findUniqueOrThrow({ where: { id } });
  return m.status === 'BOUNCED' ? m : null;
};
const processed = async () => {
  const rows = await db.inboundMessage.findMany();
  return rows.length > 0 && rows.every((r) => r.status !== 'PENDING') ? rows : null;
};

describe('inbound SMTP: bounces', () => {
  it('hard bounce: message and subscriber BOUNCED, address suppressed, event and counter, in < 5 s', async () => {
    const { tenant, list } = await seedAudience();
    const sub = await seedSubscriber(tenant.id, [list.id]);
    const { message, campaign } = await seedSentMessage(tenant.id, sub);
    const sent = await deliver(port, verpAddress(message.id), dsn({ recipient: sub.email, status: '5.1.1', diagnostic: '550 5.1.1 <x>: Recipient address rejected: User unknown in virtual mailbox table' }));
    expect(sent.ok).toBe(true);

    const { value: m, ms } = await waitFor(bounced(message.id));
    timings.push(ms);
    expect(ms).toBeLessThan(5000);
    expect(m.bounceCategory).toBe('hard');
    expect(m.smtpCode).toBe(550);
    expect((await db.subscriber.findUniqueOrThrow({ where: { id: sub.id } })).status).toBe('BOUNCED');
    const supp = await db.suppression.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect([supp.reason, supp.emailHash, supp.email]).toEqual(['HARD_BOUNCE', sha256(sub.email), sub.email]);
    const events = await db.event.findMany({ where: { messageId: message.id } });
    expect(events.map((e) => e.type)).toEqual(['BOUNCE']);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).bouncedCount).toBe(1);
  });

  it('soft bounces are counted and suppress only after the tenant limit in a row', async () => {
    const { tenant, list } = await seedAudience({ softBounceLimit: 2 });
    const sub = await seedSubscriber(tenant.id, [list.id]);
    const first = await seedSentMessage(tenant.id, sub, { minutesAgo: 20 });
    const second = await seedSentMessage(tenant.id, sub, { minutesAgo: 10 });
    const full = () => dsn({ recipient: sub.email, status: '5.2.2', diagnostic: '552 5.2.2 Mailbox full, quota exceeded' });

    await deliver(port, verpAddress(first.message.id), full());
    const { ms } = await waitFor(bounced(first.message.id));
    timings.push(ms);
    let s = await db.subscriber.findUniqueOrThrow({ where: { id: sub.id } });
    expect([s.status, s.softBounceCount]).toEqual(['ACTIVE', 1]);
    expect(await db.suppression.count()).toBe(0);

    await deliver(port, verpAddress(second.message.id), full());
    await waitFor(bounced(second.message.id));
    s = await db.subscriber.findUniqueOrThrow({ where: { id: sub.id } });
    expect([s.status, s.softBounceCount]).toEqual(['BOUNCED', 2]);
    expect((await db.suppression.findFirstOrThrow()).reason).toBe('SOFT_BOUNCE');
  });

  it('a delivery between soft bounces resets the run', async () => {
    const { tenant, list } = await seedAudience({ softBounceLimit: 2 });
    const sub = await seedSubscriber(tenant.id, [list.id]);
    await seedSentMessage(tenant.id, sub, { minutesAgo: 300, status: 'BOUNCED', bounceCategory: 'soft' });
    await seedSentMessage(tenant.id, sub, { minutesAgo: 200 }); // delivered hours ago, never bounced
    const latest = await seedSentMessage(tenant.id, sub, { minutesAgo: 10 });
    await deliver(port, verpAddress(latest.message.id), dsn({ recipient: sub.email, status: '4.2.2', diagnostic: '452 4.2.2 Over quota' }));
    await waitFor(bounced(latest.message.id));
    const s = await db.subscriber.findUniqueOrThrow({ where: { id: sub.id } });
    expect([s.status, s.softBounceCount]).toEqual(['ACTIVE', 1]);
    expect(await db.suppression.count()).toBe(0);
  });

  it('block, corroborated by three messages from two hosts: subscriber untouched, IP out of rotation for that domain only, operator alert', async () => {
    const { tenant, list } = await seedAudience();
    const reply = '554 5.7.1 Service unavailable; Client host [127.0.0.3] blocked using zen.spamhaus.org';
    const sent = [];
    for (let i = 0; i < 3; i++) {
      const sub = await seedSubscriber(tenant.id, [list.id], `reader${i}@blocking.example`);
      sent.push({ sub, message: (await seedSentMessage(tenant.id, sub, { sourceIp: '127.0.0.3' })).message });
    }
    // Two receiving hosts report: 127.0.0.1 twice, 127.0.0.4 once.
    for (const [i, { sub, message }] of sent.entries()) {
      await deliver(port, verpAddress(message.id), dsn({ recipient: sub.email, status: '5.7.1', diagnostic: reply }), '', i === 2 ? '127.0.0.4' : undefined);
      const { value: m, ms } = await waitFor(bounced(message.id));
      timings.push(ms);
      expect(m.bounceCategory).toBe('block');
      expect(await isIpBlockedForDomain('127.0.0.3', 'blocking.example')).toBe(i === 2);
    }
    expect((await db.subscriber.findMany({ where: { tenantId: tenant.id } })).map((s) => s.status)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE']);
    expect(await db.suppression.count()).toBe(0);
    expect(await isIpBlockedForDomain('127.0.0.3', 'other.example')).toBe(false);
    expect(await isIpBlockedForDomain('127.0.0.2', 'blocking.example')).toBe(false);
    const alert = await db.alert.findFirstOrThrow({ where: { kind: 'IP_BLOCKED' } });
    expect(alert.message).toContain('127.0.0.3');
    expect(alert.details).toMatchObject({ ip: '127.0.0.3', domain: 'blocking.example', evidence: { messages: 3, sources: 2 } });
  });

  it('auto-replies and delay warnings change nothing', async () => {
    const { tenant, list } = await seedAudience();
    const sub = await seedSubscriber(tenant.id, [list.id]);
    const { message } = await seedSentMessage(tenant.id, sub);
    const vacation = ['From: reader@mail.example.net', 'To: x@bounces.rundbrief.localhost', 'Subject: Out of office', 'Auto-Submitted: auto-replied', '', 'I am away until Monday.', ''].join('\r\n');
    await deliver(port, verpAddress(message.id), vacation, 'reader@mail.example.net');
    await deliver(port, verpAddress(message.id), dsn({ recipient: sub.email, status: '4.4.7', action: 'delayed', diagnostic: 'delivery temporarily suspended: connection timed out' }));
    const { value: rows } = await waitFor(async () => ((await processed())?.length === 2 ? processed() : null));
    expect(rows.map((r) => `${r.status} ${(r.result as { effect: string }).effect}`).sort()).toEqual(['APPLIED delayed', 'UNMATCHED ignored']);
    const m = await db.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(m.status).toBe('SENT');
    expect((await db.subscriber.findUniqueOrThrow({ where: { id: sub.id } })).status).toBe('ACTIVE');
  });

  it('a hard bounce that pushes the campaign over its threshold auto-pauses it', async () => {
    const { tenant, list } = await seedAudience({ autoPauseMinDelivered: 1 });
    const sub = await seedSubscriber(tenant.id, [list.id]);
    const { message, campaign } = await seedSentMessage(tenant.id, sub);
    await deliver(port, verpAddress(message.id), dsn({ recipient: sub.email, status: '5.1.1', diagnostic: '550 5.1.1 user unknown' }));
    const { value: c } = await waitFor(async () => {
      const row = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
      return row.status === 'AUTO_PAUSED' ? row : null;
    });
    expect(c.pauseReason).toMatch(/Hard-bounce rate/);
  });
});

describe('inbound SMTP: complaints and unsubscribes', () => {
  const arf = (originalHeaders: string[]) => [
    'From: feedback@isp.example', 'To: fbl@bounces.rundbrief.localhost', 'Subject: FW: complaint', 'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=feedback-report; boundary="F"', '',
    '--F', 'Content-Type: text/plain', '', 'This is an email abuse report.', '',
    '--F', 'Content-Type: message/feedback-report', '', 'Feedback-Type: abuse', 'User-Agent: ISP-FBL/1.0', 'Version: 1', '',
    '--F', 'Content-Type: message/rfc822', '', ...originalHeaders, '', 'Hello', '--F--', '',
  ].join('\r\n');

  it('ARF complaint at the FBL address: suppressed, unsubscribed from all lists, COMPLAINED, counted', async () => {
    await configureReporters();
    const { tenant, list, list2 } = await seedAudience();
    const sub = await seedSubscriber(tenant.id, [list.id, list2.id]);
    const { message, campaign } = await seedSentMessage(tenant.id, sub);
    const sent = await deliver(port, 'fbl@bounces.rundbrief.localhost', arf([`Return-Path: <${verpAddress(message.id)}>`, `To: ${sub.email}`]), 'feedback@isp.example');
    expect(sent.ok).toBe(true);

    const { value: s, ms } = await waitFor(async () => {
      const row = await db.subscriber.findUniqueOrThrow({ where: { id: sub.id } });
      return row.status === 'COMPLAINED' ? row : null;
    });
    timings.push(ms);
    expect(ms).toBeLessThan(5000);
    expect(s.status).toBe('COMPLAINED');
    expect((await db.suppression.findFirstOrThrow()).reason).toBe('COMPLAINT');
    expect((await db.subscription.findMany({ where: { subscriberId: sub.id } })).map((x) => x.status)).toEqual(['UNSUBSCRIBED', 'UNSUBSCRIBED']);
    expect((await db.event.findFirstOrThrow({ where: { messageId: message.id } })).type).toBe('COMPLAINT');
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).complaintCount).toBe(1);
  });

  it('a real ARF report (stalwart corpus) naming our Message-ID is applied; a foreign one is accepted and left unmatched', async () => {
    await configureReporters();
    const { tenant, list } = await seedAudience();
    // the corpus report's Original-Rcpt-To
    const sub = await seedSubscriber(tenant.id, [list.id], 'user@example.com');
    const { message } = await seedSentMessage(tenant.id, sub);
    const corpus = readFileSync(resolve(arfDir, '002.eml'), 'utf8');
    expect(corpus).toMatch(/Feedback-Type: abuse/i);

    expect((await deliver(port, 'fbl@bounces.rundbrief.localhost', corpus, 'fbl@isp.example')).ok).toBe(true);
    // The same report about one of our messages: its original carries our Message-ID.
    const ours = corpus.replace('Content-Disposition: inline\n\n', `Content-Disposition: inline\n\nMessage-ID: <${message.messageId}>\n`);
    expect(ours).not.toBe(corpus);
    expect((await deliver(port, 'fbl@bounces.rundbrief.localhost', ours, 'fbl@isp.example')).ok).toBe(true);

    const { value: rows } = await waitFor(async () => ((await processed())?.length === 2 ? processed() : null));
    const effects = rows.map((r) => (r.result as { effect: string; classification: { category: string; feedbackType: string } }));
    expect(effects.map((e) => e.classification.category)).toEqual(['complaint', 'complaint']);
    expect(effects.map((e) => e.effect).sort()).toEqual(['complaint', 'unmatched']);
    expect((await db.subscriber.findUniqueOrThrow({ where: { id: sub.id } })).status).toBe('COMPLAINED');
  });

  it('an opt-out report unsubscribes without counting a complaint; a DMARC auth-failure report changes nothing', async () => {
    await configureReporters();
    const { tenant, list } = await seedAudience();
    const a = await seedSubscriber(tenant.id, [list.id]);
    const b = await seedSubscriber(tenant.id, [list.id]);
    const ma = await seedSentMessage(tenant.id, a);
    const mb = await seedSentMessage(tenant.id, b);
    const report = (type: string, verp: string, to: string) => arf([`Return-Path: <${verp}>`, `To: ${to}`]).replace('Feedback-Type: abuse', `Feedback-Type: ${type}`);
    await deliver(port, 'fbl@bounces.rundbrief.localhost', report('opt-out', verpAddress(ma.message.id), a.email), 'feedback@isp.example');
    await deliver(port, 'fbl@bounces.rundbrief.localhost', report('auth-failure', verpAddress(mb.message.id), b.email), 'feedback@isp.example');
    const { value: rows } = await waitFor(async () => ((await processed())?.length === 2 ? processed() : null));
    expect(rows.map((r) => (r.result as { effect: string }).effect).sort()).toEqual(['ignored', 'opt-out']);
    expect((await db.subscriber.findUniqueOrThrow({ where: { id: a.id } })).status).toBe('UNSUBSCRIBED');
    expect((await db.suppression.findFirstOrThrow({ where: { email: a.email } })).reason).toBe('UNSUBSCRIBE');
    const ca = await db.campaign.findUniqueOrThrow({ where: { id: ma.campaign.id } });
    expect([ca.complaintCount, ca.unsubscribeCount]).toEqual([0, 1]);
    expect((await db.subscriber.findUniqueOrThrow({ where: { id: b.id } })).status).toBe('ACTIVE');
    expect(await db.suppression.count({ where: { email: b.email } })).toBe(0);
  });

  it('mailto unsubscribe through inbound SMTP unsubscribes the message recipient', async () => {
    const { tenant, list } = await seedAudience();
    const sub = await seedSubscriber(tenant.id, [list.id]);
    const { message, campaign } = await seedSentMessage(tenant.id, sub);
    const to = unsubscribeMailto(message.id).replace(/^mailto:/, '').replace(/\?.*$/, '');
    const sent = await deliver(port, to, ['From: ' + sub.email, 'To: ' + to, 'Subject: unsubscribe', '', 'unsubscribe', ''].join('\r\n'), sub.email);
    expect(sent.ok).toBe(true);
    const { ms } = await waitFor(async () => (await db.subscriber.findUniqueOrThrow({ where: { id: sub.id } })).status === 'UNSUBSCRIBED');
    timings.push(ms);
    expect((await db.suppression.findFirstOrThrow()).reason).toBe('UNSUBSCRIBE');
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).unsubscribeCount).toBe(1);
  });
});

describe('inbound: several DSNs on one connection', () => {
  it('applies each DSN to its own message only', async () => {
    const { tenant, list } = await seedAudience();
    const a = await seedSubscriber(tenant.id, [list.id]);
    const b = await seedSubscriber(tenant.id, [list.id]);
    const ma = (await seedSentMessage(tenant.id, a)).message;
    const mb = (await seedSentMessage(tenant.id, b)).message;
    const sent = await deliverMany(port, [
      { to: verpAddress(ma.id), raw: dsn({ recipient: a.email, status: '5.1.1', diagnostic: '550 5.1.1 user unknown' }) },
      { to: verpAddress(mb.id), raw: dsn({ recipient: b.email, status: '5.2.2', diagnostic: '552 5.2.2 mailbox full' }) },
    ]);
    expect(sent).toHaveLength(2);
    await waitFor(bounced(mb.id));
    await waitFor(processed);
    expect(await db.inboundMessage.count()).toBe(2);
    expect((await db.message.findUniqueOrThrow({ where: { id: ma.id } })).bounceCategory).toBe('hard');
    expect((await db.message.findUniqueOrThrow({ where: { id: mb.id } })).bounceCategory).toBe('soft');
    expect((await db.subscriber.findUniqueOrThrow({ where: { id: b.id } })).status).toBe('ACTIVE');
  });
});

describe('inbound: nothing accepted is lost', () => {
  it('a stored message that never reached the queue is applied by the sweep', async () => {
    const { tenant, list } = await seedAudience();
    const sub = await seedSubscriber(tenant.id, [list.id]);
    const { message } = await seedSentMessage(tenant.id, sub);
    // As if Redis had been down between the 250 and the enqueue: no drain is running
    // (a wake-up left over from an earlier test would apply the row before the sweep).
    await inbound.worker.worker.pause();
    const id = await storeInboundMessage({
      kind: 'BOUNCE', mailFrom: '', rcptTo: [verpAddress(message.id)], remoteIp: '192.0.2.9',
      raw: Buffer.from(dsn({ recipient: sub.email, status: '5.1.1', diagnostic: '550 5.1.1 user unknown' })),
    });
    expect(await processStaleInbound(0)).toBe(1);
    inbound.worker.worker.resume();
    expect((await db.inboundMessage.findUniqueOrThrow({ where: { id } })).status).toBe('APPLIED');
    expect((await db.message.findUniqueOrThrow({ where: { id: message.id } })).bounceCategory).toBe('hard');
    // Applying it again (a late queue job) changes nothing.
    expect(await processInboundMessage(id)).toBeNull();
    expect(await db.event.count({ where: { messageId: message.id } })).toBe(1);
  });
});

describe('inbound SMTP: what it refuses', () => {
  it('rejects unknown, forged and foreign recipients at RCPT with 550 5.1.1', async () => {
    const { tenant, list } = await seedAudience();
    const sub = await seedSubscriber(tenant.id, [list.id]);
    const { message } = await seedSentMessage(tenant.id, sub);
    const verp = verpAddress(message.id);
    const forged = verp.replace(/-([0-9a-f]{8})@/, (_m, mac: string) => `-${mac.startsWith('0') ? '1' : '0'}${mac.slice(1)}@`);
    for (const to of ['postmaster@bounces.rundbrief.localhost', forged, verp.replace('@bounces.rundbrief.localhost', '@elsewhere.example'), 'unsubscribe+bogus.token@bounces.rundbrief.localhost', 'someone@gmail.com']) {
      const r = await deliver(port, to, dsn({ recipient: sub.email, status: '5.1.1', diagnostic: 'user unknown' }));
      expect(r.ok, to).toBe(false);
      if (!r.ok) {
        expect(r.code, to).toBe(550);
        expect(r.response, to).toMatch(/5\.1\.1/);
      }
    }
    expect(await db.inboundMessage.count()).toBe(0);
    expect((await db.message.findUniqueOrThrow({ where: { id: message.id } })).status).toBe('SENT');
  });

  it('refuses oversized messages with 552', async () => {
    const small = createInboundServer({ hostname: `size-${Date.now()}.inbound.test`, maxBytes: 4096 });
    const p = await listenInbound(small, 0);
    try {
      const { tenant, list } = await seedAudience();
      const sub = await seedSubscriber(tenant.id, [list.id]);
      const { message } = await seedSentMessage(tenant.id, sub);
      const big = dsn({ recipient: sub.email, status: '5.1.1', diagnostic: 'user unknown' }) + 'x'.repeat(8000) + '\r\n';
      const tooBig = await deliver(p, verpAddress(message.id), big);
      expect(tooBig.ok ? 250 : tooBig.code).toBe(552);
      if (!tooBig.ok) expect(tooBig.response).toMatch(/5\.3\.4/);
      expect(await db.inboundMessage.count()).toBe(0);
    } finally {
      await new Promise<void>((r) => small.close(() => r()));
    }
  });

  it('rate-limits a flooding IP with 421', async () => {
    const limited = createInboundServer({ hostname: `rate-${Date.now()}.inbound.test`, ratePerMinute: 2 });
    const p = await listenInbound(limited, 0);
    try {
      const { tenant, list } = await seedAudience();
      const sub = await seedSubscriber(tenant.id, [list.id]);
      const { message } = await seedSentMessage(tenant.id, sub);
      // Two messages a minute from this IP pass; the third is told to come back later.
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await deliver(p, verpAddress(message.id), dsn({ recipient: sub.email, status: '5.1.1', diagnostic: 'user unknown' })));
      expect(results.map((r) => (r.ok ? 250 : r.code))).toEqual([250, 250, 421]);
    } finally {
      await new Promise<void>((r) => limited.close(() => r()));
    }
  });
});
