// Forged feedback changes nothing: real SMTP sessions to the inbound server on loopback try
// what an outsider (or one recipient of a campaign) could send against another recipient,
// a campaign or the platform's sending IPs. Each case also shows the genuine counterpart
// still working, so a test cannot pass by refusing everything.
import { generateKeyPairSync } from 'node:crypto';
import { connect } from 'node:net';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { unsubscribeMailto, verpAddress } from '@rundbrief/core';
import { isIpBlockedForDomain } from '@rundbrief/core/platform/ip-blocks';
import { getDb } from '@rundbrief/db';
import { createInboundServer, listenInbound } from '../../src/inbound/server.ts';
import { configureReporters, deliver, dsn, seedAudience, seedSentMessage, seedSubscriber, useInboundServer, waitFor } from './fixtures.ts';

const db = getDb();
const FBL = 'fbl@bounces.rundbrief.localhost';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keyRecord = `v=DKIM1; k=rsa; p=${rsa.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
// The reporter's key, and an attacker's domain that publishes a key of its own (its
// signatures verify, but d= is not a reporter's).
const dnsTxt: Record<string, string> = {
  'fbl1._domainkey.feedback.provider.example': keyRecord,
  'fbl1._domainkey.attacker.example': keyRecord,
};
const dkimResolver = async (name: string, type: string) => {
  if (type !== 'TXT' || !dnsTxt[name]) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
  return [[dnsTxt[name]!]];
};

const inbound = useInboundServer({ dkimResolver });
let port: number;
beforeAll(() => { port = inbound.port; });
afterEach(() => {
  delete process.env.FEEDBACK_SOURCE_CAP_PER_HOUR;
});

/** An RFC 5965 report whose original carries `headers`. */
const arf = (o: { headers: string[]; rcptTo?: string; type?: string }) => [
  'From: feedback@provider.example', `To: ${FBL}`, 'Subject: FW: complaint', 'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=feedback-report; boundary="F"', '',
  '--F', 'Content-Type: text/plain', '', 'This is an email abuse report.', '',
  '--F', 'Content-Type: message/feedback-report', '', `Feedback-Type: ${o.type ?? 'abuse'}`, 'User-Agent: Provider-FBL/1.0', 'Version: 1',
  ...(o.rcptTo ? [`Original-Rcpt-To: <${o.rcptTo}>`] : []), '',
  '--F', 'Content-Type: message/rfc822', '', ...o.headers, '', 'Hello', '--F--', '',
].join('\r\n');

const results = async (n: number) => {
  const { value } = await waitFor(async () => {
    const rows = await db.inboundMessage.findMany({ orderBy: { receivedAt: 'asc' } });
    return rows.length === n && rows.every((r) => r.status !== 'PENDING') ? rows : null;
  }, 10_000);
  return value.map((r) => r.result as { effect: string; reason?: string });
};

async function victimAndAttacker() {
  const { tenant, list } = await seedAudience({ autoPauseMinDelivered: 1 });
  const victim = await seedSubscriber(tenant.id, [list.id]);
  const attacker = await seedSubscriber(tenant.id, [list.id]);
  const v = await seedSentMessage(tenant.id, victim);
  const a = await seedSentMessage(tenant.id, attacker);
  return { tenant, victim, attacker, v, a };
}

async function unchanged(subscriberId: string, messageId: string, campaignId: string) {
  expect((await db.subscriber.findUniqueOrThrow({ where: { id: subscriberId } })).status).toBe('ACTIVE');
  expect((await db.message.findUniqueOrThrow({ where: { id: messageId } })).status).toBe('SENT');
  const c = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
  expect([c.status, c.complaintCount, c.bouncedCount]).toEqual(['SENDING', 0, 0]);
  expect(await db.suppression.count()).toBe(0);
  expect(await db.event.count({ where: { messageId } })).toBe(0);
}

describe('forged complaints', () => {
  it('an ARF naming another recipient\'s message by a bare or guessed Message-ID changes nothing and is recorded unmatched', async () => {
    await configureReporters();
    const { victim, v } = await victimAndAttacker();
    const bareId = `${v.message.id}@news.bounce.example`; // the old format: the id alone
    const compact = v.message.id.replace(/-/g, '');
    const wrongMac = `${compact}.0123456789abcdef@news.bounce.example`; // right id, MAC guessed
    for (const mid of [bareId, wrongMac]) {
      expect((await deliver(port, FBL, arf({ headers: [`Message-ID: <${mid}>`, `To: ${victim.email}`], rcptTo: victim.email }), 'feedback@provider.example')).ok).toBe(true);
    }
    expect(await results(2)).toEqual([
      expect.objectContaining({ effect: 'unmatched', reason: 'no-signed-identifier' }),
      expect.objectContaining({ effect: 'unmatched', reason: 'no-signed-identifier' }),
    ]);
    await unchanged(victim.id, v.message.id, v.campaign.id);
  });

  it('the same report with the MAC\'d Message-ID from a configured reporter applies', async () => {
    await configureReporters();
    const { victim, v } = await victimAndAttacker();
    await deliver(port, FBL, arf({ headers: [`Message-ID: <${v.message.messageId}>`], rcptTo: victim.email.toUpperCase() }), 'feedback@provider.example');
    expect((await results(1))[0]!.effect).toBe('complaint');
    expect((await db.subscriber.findUniqueOrThrow({ where: { id: victim.id } })).status).toBe('COMPLAINED');
  });

  it('FBL mail from a source that is no configured reporter is refused with 550 5.7.1 and not stored', async () => {
    const { victim, v } = await victimAndAttacker();
    const report = arf({ headers: [`Message-ID: <${v.message.messageId}>`], rcptTo: victim.email });
    // No reporter at all, then a reporter at another address: refused at RCPT.
    for (const reporters of [[], [{ name: 'Elsewhere', ips: ['198.51.100.0/24'] }]]) {
      await configureReporters(reporters);
      const r = await deliver(port, FBL, report, 'feedback@provider.example');
      expect(r.ok ? 250 : r.code).toBe(550);
      if (!r.ok) expect(r.response).toMatch(/5\.7\.1/);
    }
    // A reporter known by DKIM: an unsigned report, and one signed by another domain, are refused at the end of DATA.
    await configureReporters([{ name: 'Provider', dkimDomains: ['feedback.provider.example'] }]);
    for (const raw of [report, await signed(report, 'attacker.example')]) {
      const r = await deliver(port, FBL, raw, 'feedback@provider.example');
      expect(r.ok ? 250 : r.code).toBe(550);
    }
    expect(await db.inboundMessage.count()).toBe(0);
    await unchanged(victim.id, v.message.id, v.campaign.id);
  });

  it('a report signed with DKIM by a configured reporter domain is accepted and applies', async () => {
    await configureReporters([{ name: 'Provider', dkimDomains: ['provider.example'] }]);
    const { victim, v } = await victimAndAttacker();
    const report = arf({ headers: [`Message-ID: <${v.message.messageId}>`], rcptTo: victim.email });
    // A signature with l= covering only the start of the body does not vouch for what follows.
    const partly = (await signed(report, 'feedback.provider.example', 10)) + 'Appended by somebody else\r\n';
    const r = await deliver(port, FBL, partly, 'feedback@provider.example');
    expect(r.ok ? 250 : r.code).toBe(550);
    expect(await db.inboundMessage.count()).toBe(0);
    const raw = await signed(report, 'feedback.provider.example');
    expect((await deliver(port, FBL, raw, 'feedback@provider.example')).ok).toBe(true);
    expect((await results(1))[0]!.effect).toBe('complaint');
  });

  it('a complaint naming a different original recipient than the message\'s is not applied', async () => {
    await configureReporters();
    const { victim, attacker, v } = await victimAndAttacker();
    await deliver(port, FBL, arf({ headers: [`Message-ID: <${v.message.messageId}>`], rcptTo: attacker.email }), 'feedback@provider.example');
    expect((await results(1))[0]!.effect).toBe('recipient-mismatch');
    await unchanged(victim.id, v.message.id, v.campaign.id);
  });

  it('a complaint sent to a VERP address by a host that is no reporter is refused', async () => {
    const { attacker, a } = await victimAndAttacker();
    await deliver(port, verpAddress(a.message.id), arf({ headers: [`Message-ID: <${a.message.messageId}>`], rcptTo: attacker.email }));
    expect((await results(1))[0]).toMatchObject({ effect: 'refused', reason: 'complaint-not-from-reporter' });
    await unchanged(attacker.id, a.message.id, a.campaign.id);
  });

  it('a DSN verdict that arrives at the FBL address is not applied', async () => {
    await configureReporters();
    const { victim, v } = await victimAndAttacker();
    await deliver(port, FBL, dsn({ recipient: victim.email, status: '5.1.1', diagnostic: '550 5.1.1 user unknown', originalReturnPath: verpAddress(v.message.id) }));
    expect((await results(1))[0]).toMatchObject({ effect: 'refused', reason: 'dsn-at-fbl' });
    await unchanged(victim.id, v.message.id, v.campaign.id);
  });
});

describe('forged blocks and floods', () => {
  const blocked = (rcpt: string) => dsn({ recipient: rcpt, status: '5.7.1', diagnostic: '554 5.7.1 Service unavailable; Client host [127.0.0.3] blocked using zen.spamhaus.org' });

  it('a recipient reporting "blocked" about their own messages from one host rests no IP', async () => {
    const { tenant, list } = await seedAudience();
    // Three addresses of one person at a big provider, one forging host.
    for (let i = 0; i < 3; i++) {
      const sub = await seedSubscriber(tenant.id, [list.id], `me${i}@bigmail.example`);
      const { message } = await seedSentMessage(tenant.id, sub, { sourceIp: '127.0.0.3' });
      await deliver(port, verpAddress(message.id), blocked(sub.email));
    }
    expect((await results(3)).map((r) => r.effect)).toEqual(['block', 'block', 'block']);
    expect(await isIpBlockedForDomain('127.0.0.3', 'bigmail.example')).toBe(false);
    expect(await db.alert.count({ where: { kind: 'IP_BLOCKED' } })).toBe(0);
    // Two messages from a second host are not enough either: three distinct messages are.
    const sub = await seedSubscriber(tenant.id, [list.id], 'other@bigmail.example');
    const { message } = await seedSentMessage(tenant.id, sub, { sourceIp: '127.0.0.3' });
    await deliver(port, verpAddress(message.id), blocked(sub.email), '', '127.0.0.6');
    await results(4);
    expect(await isIpBlockedForDomain('127.0.0.3', 'bigmail.example')).toBe(true);
  });

  it('effects per reporting host are capped per hour; over the cap a report is recorded as refused', async () => {
    process.env.FEEDBACK_SOURCE_CAP_PER_HOUR = '2';
    const { tenant, list } = await seedAudience();
    const messages = [];
    for (let i = 0; i < 3; i++) {
      const sub = await seedSubscriber(tenant.id, [list.id]);
      messages.push({ sub, message: (await seedSentMessage(tenant.id, sub)).message });
      await deliver(port, verpAddress(messages[i]!.message.id), dsn({ recipient: sub.email, status: '5.1.1', diagnostic: '550 5.1.1 user unknown' }), '', '127.0.0.7');
      await results(i + 1);
    }
    expect(await results(3)).toEqual([
      expect.objectContaining({ effect: 'hard' }), expect.objectContaining({ effect: 'hard' }), expect.objectContaining({ effect: 'refused', reason: 'source-cap' }),
    ]);
    expect((await db.message.findUniqueOrThrow({ where: { id: messages[2]!.message.id } })).status).toBe('SENT');
    expect(await db.suppression.count()).toBe(2);
  });
});

describe('inbound SMTP bounded', () => {
  it('one message to two of our addresses (one spelled twice) is stored once and applied to each', async () => {
    const { tenant, list } = await seedAudience();
    const a = await seedSubscriber(tenant.id, [list.id]);
    const b = await seedSubscriber(tenant.id, [list.id]);
    const ma = (await seedSentMessage(tenant.id, a)).message;
    const mb = await seedSentMessage(tenant.id, b);
    const unsub = unsubscribeMailto(mb.message.id).replace(/^mailto:/, '').replace(/\?.*$/, '');
    const verp = verpAddress(ma.id);
    const r = await deliver(port, [verp, verp.toUpperCase(), unsub], dsn({ recipient: a.email, status: '5.1.1', diagnostic: '550 5.1.1 user unknown' }));
    expect(r.ok).toBe(true);
    expect(await results(1)).toEqual([expect.objectContaining({ effect: 'several' })]);
    const row = await db.inboundMessage.findFirstOrThrow();
    expect(row.rcptTo).toEqual([verp, unsub]);
    expect((await db.message.findUniqueOrThrow({ where: { id: ma.id } })).bounceCategory).toBe('hard');
    expect((await db.subscriber.findUniqueOrThrow({ where: { id: b.id } })).status).toBe('UNSUBSCRIBED');
  });

  it('a client that keeps sending far past the size limit gets 552 5.3.4 and is cut off; nothing is stored', async () => {
    const small = createInboundServer({ hostname: `cut-${Date.now()}.inbound.test`, maxBytes: 64 * 1024 });
    const p = await listenInbound(small, 0);
    try {
      const { tenant, list } = await seedAudience();
      const sub = await seedSubscriber(tenant.id, [list.id]);
      const { message } = await seedSentMessage(tenant.id, sub);
      const total = 64 * 1024 * 1024;
      const { replies, closedAfter } = await streamData(p, verpAddress(message.id), total);
      expect(replies.at(-1)).toMatch(/^552 5\.3\.4/);
      // The server stopped reading long before the client would have finished (socket
      // buffers take a few MB more than the 128 KB the server read).
      expect(closedAfter).toBeLessThan(total / 4);
      expect(await db.inboundMessage.count()).toBe(0);
    } finally {
      await new Promise<void>((r) => small.close(() => r()));
    }
  });
});

describe('retention', () => {
  it('the prune job deletes processed messages past retention only', async () => {
    const { pruneInboundJob } = await import('@rundbrief/core/feedback/inbound-jobs');
    const day = 86_400_000;
    const row = (status: string, ageDays: number) => ({
      kind: 'BOUNCE', mailFrom: '', rcptTo: ['x@bounces.rundbrief.localhost'], remoteIp: '192.0.2.1', raw: new Uint8Array([1]), size: 1,
      status, receivedAt: new Date(Date.now() - ageDays * day),
    });
    await db.inboundMessage.createMany({ data: [row('DONE', 31), row('FAILED', 40), row('PENDING', 45), row('DONE', 29), row('FAILED', 1)] });
    expect(await pruneInboundJob.handle()).toEqual({ deleted: 2 });
    const left = await db.inboundMessage.findMany({ orderBy: { receivedAt: 'asc' } });
    expect(left.map((r) => r.status)).toEqual(['PENDING', 'DONE', 'FAILED']);
  });
});

async function signed(raw: string, domain: string, maxBodyLength?: number): Promise<string> {
  const res = await dkimSign(raw, {
    canonicalization: 'relaxed/relaxed', algorithm: 'rsa-sha256',
    signatureData: [{ signingDomain: domain, selector: 'fbl1', privateKey: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), ...(maxBodyLength === undefined ? {} : { maxBodyLength }) }],
    // mailauth's typings require the first signature's fields at the top level as well; at
    // run time signatureData alone is what 4.13 reads
  } as Parameters<typeof dkimSign>[1]);
  return res.signatures + raw;
}

/** Speaks SMTP by hand and streams `bytes` of DATA, noting when the server closed the connection. */
function streamData(port: number, rcpt: string, bytes: number): Promise<{ replies: string[]; closedAfter: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const replies: string[] = [];
    let buf = '';
    let sent = 0;
    let step = 0;
    const script = ['EHLO test.example\r\n', 'MAIL FROM:<>\r\n', `RCPT TO:<${rcpt}>\r\n`, 'DATA\r\n'];
    const chunk = Buffer.from(`${'x'.repeat(1022)}\r\n`);
    const pump = () => {
      while (sent < bytes && !socket.destroyed) {
        sent += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
      if (!socket.destroyed) socket.write('\r\n.\r\nQUIT\r\n');
    };
    socket.on('data', (d) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\r\n')) !== -1) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        replies.push(line);
        if (line[3] === '-') continue; // a multi-line reply goes on
        if (step < script.length) socket.write(script[step++]!);
        else if (line.startsWith('354')) pump();
      }
    });
    socket.on('error', () => {}); // the server resets a client it cut off
    socket.on('close', () => resolve({ replies, closedAfter: sent }));
    setTimeout(() => reject(new Error('no close within 20 s')), 20_000).unref();
  });
}
