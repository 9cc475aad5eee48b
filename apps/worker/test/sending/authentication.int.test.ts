// What a receiver concludes about a campaign mail: a real worker process sends a campaign
// through the real send path to an SMTP sink on loopback; each received message is checked
// with mailauth's authenticate() exactly as a receiving MTA would (peer IP, HELO, MAIL FROM),
// resolving through a DNS server on loopback that serves the records the domain page shows.
// Done when: DKIM passes for both signatures (RSA and Ed25519), SPF passes for the envelope
// domain bounces.<domain>, and DMARC passes with SPF and DKIM aligned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from 'mailauth';
import { closeQueues, verpAddress } from '@rundbrief/core';
import { requestCampaignSend } from '@rundbrief/core/sending/start';
import { assertSendable } from '@rundbrief/core/authoring/sendable';
import { dmarcAlignment, type SendAuth } from '@rundbrief/core/senders/alignment';
import { generateEd25519Key, getSenderDomain } from '@rundbrief/core/senders/domains';
import { createResolver } from '@rundbrief/core/senders/dns';
import { startDnsServer, type Zone } from '@rundbrief/core/senders/dns-test-server';
import { checkSenderDomain } from '@rundbrief/core/senders/verify';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { seedSending, startSink, startWorker, waitFor, type WorkerProc } from './fixtures.ts';

const DOMAIN = 'news.authshop.example';
const recipients = ['anna@inbox.example', 'ben@inbox.example', 'clara@other.example', 'dora@other.example'];
const zone: Zone = new Map();
let dns: Awaited<ReturnType<typeof startDnsServer>>;
let sink: Awaited<ReturnType<typeof startSink>>;
let worker: WorkerProc;
let seed: Awaited<ReturnType<typeof seedSending>>;

beforeAll(async () => {
  await truncateAll();
  dns = await startDnsServer(zone);
  sink = await startSink();
  seed = await seedSending({ recipients, domain: DOMAIN });
  // seedSending's domain has an RSA key only: give it the Ed25519 key a new domain gets, then
  // publish exactly what the domain page shows and let the real check decide what passes.
  await getDb().senderDomain.update({ where: { id: seed.senderDomain.id }, data: { ...(await generateEd25519Key()), verifiedAt: null } });
  const ctx = { tenantId: seed.tenant.id };
  for (const r of (await getSenderDomain(ctx, { domainId: seed.senderDomain.id })).records) {
    const cur = zone.get(r.name) ?? {};
    if (r.type === 'TXT') cur.TXT = [...(cur.TXT ?? []), r.value];
    else cur.MX = [{ exchange: r.value, priority: r.priority ?? 10 }];
    zone.set(r.name, cur);
  }
  const checked = await checkSenderDomain(ctx, { domainId: seed.senderDomain.id, resolve: createResolver(dns.server) });
  expect(checked.records.map((r) => [r.kind, r.status])).toEqual([
    ['DKIM', 'PASS'], ['DKIM-ED25519', 'PASS'], ['RETURN-PATH-MX', 'PASS'], ['RETURN-PATH-SPF', 'PASS'], ['DMARC', 'PASS'],
  ]);
  expect(checked.verified).toBe(true);
  worker = await startWorker({ SMTP_RELAY_URL: `smtp://127.0.0.1:${sink.port}` });
  await requestCampaignSend(ctx, { campaignId: seed.campaign.id }, { assertSendable });
  await waitFor(async () => (await getDb().campaign.findUnique({ where: { id: seed.campaign.id } }))?.status === 'SENT', 45_000, 'campaign SENT');
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await sink?.close();
  await dns?.close();
  await closeQueues();
});

describe('campaign mail as receivers authenticate it', () => {
  it('every message: DKIM pass (RSA and Ed25519), SPF pass on bounces.<domain> for the peer IP, DMARC pass with both aligned', async () => {
    expect(sink.received).toHaveLength(recipients.length);
    const resolver = createResolver(dns.server);
    for (const r of sink.received) {
      const msg = await getDb().message.findFirstOrThrow({ where: { campaignId: seed.campaign.id, email: r.rcptTo } });
      expect(r.mailFrom).toBe(verpAddress(msg.id, `bounces.${DOMAIN}`));
      // the sink's peer address: one of the platform's sending IPs the SPF record lists
      expect(['127.0.0.2', '127.0.0.3']).toContain(r.remoteIp);
      const res = await authenticate(r.raw, { ip: r.remoteIp, helo: r.helo, sender: r.mailFrom, mta: 'mx.inbox.example', resolver: resolver as never, disableArc: true, disableBimi: true });

      const sigs = res.dkim.results.map((d) => [d.signingDomain, d.selector, (d as { algo?: string }).algo, d.status.result]); // mailauth reports a= as `algo`
      expect(sigs).toEqual([
        [DOMAIN, 'rb2026', 'rsa-sha256', 'pass'],
        [DOMAIN, expect.stringMatching(/^rb20\d\ded$/), 'ed25519-sha256', 'pass'],
      ]);
      expect(res.spf && res.spf.status.result).toBe('pass');
      expect(res.spf && res.spf.domain).toBe(`bounces.${DOMAIN}`);
      const dmarc = res.dmarc as { status: { result: string }; alignment: { spf: { result: string | false }; dkim: { result: string | false } } };
      expect(dmarc.status.result).toBe('pass');
      expect(dmarc.alignment.spf.result).toBe(`bounces.${DOMAIN}`);
      expect(dmarc.alignment.dkim.result).toBe(DOMAIN);
    }
  });

  it('the campaign records what it was authenticated with, and the report states the same alignment', async () => {
    const c = await getDb().campaign.findUniqueOrThrow({ where: { id: seed.campaign.id } });
    const auth = c.sendAuth as SendAuth;
    expect(auth).toMatchObject({ fromDomain: DOMAIN, envelopeDomain: `bounces.${DOMAIN}`, spfStatus: 'PASS' });
    expect(dmarcAlignment(auth)).toMatchObject({ dkim: { aligned: true, pass: true }, spf: { aligned: true, pass: true }, dmarcPass: true });
  });
});
