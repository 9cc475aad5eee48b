// Blocklist watch against a real DNS server on loopback (dns2) that plays the DNSBLs.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { checkSendingIpNow, checkSendingIps, dnsblQueryName } from '../../src/platform/blocklist.ts';
import { createResolver } from '../../src/senders/dns.ts';
import { startDnsServer } from '../../src/senders/dns-test-server.ts';

const db = getDb();
let dns: Awaited<ReturnType<typeof startDnsServer>>;
const zones = ['zen.test', 'bl.test'];

beforeAll(async () => {
  dns = await startDnsServer();
});
afterAll(async () => {
  await dns.close();
});
beforeEach(async () => {
  await truncateAll();
  dns.zone.clear();
});

const seedIps = () => db.sendingIp.createMany({
  data: [
    { address: '127.0.0.2', heloName: 'mta2.rundbrief.test' },
    { address: '2001:db8::1', heloName: 'mta6.rundbrief.test' },
    { address: '127.0.0.4', heloName: 'mta4.rundbrief.test', status: 'DISABLED' },
  ],
});
const ip = (address: string) => db.sendingIp.findUniqueOrThrow({ where: { address } });

describe('DNSBL query names (RFC 5782)', () => {
  it('reverses IPv4 octets and IPv6 nibbles', () => {
    expect(dnsblQueryName('192.0.2.99', 'zen.spamhaus.org')).toBe('99.2.0.192.zen.spamhaus.org');
    expect(dnsblQueryName('2001:db8:1:2::ab', 'bl.test')).toBe('b.a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.bl.test');
    expect(() => dnsblQueryName('not-an-ip', 'bl.test')).toThrow(/not an IP/);
  });
});

describe('checkSendingIps', () => {
  it('marks listed IPs LISTED with their listings and alerts; delisted IPs come back ACTIVE', async () => {
    await seedIps();
    dns.zone.set('2.0.0.127.zen.test', { A: ['127.0.0.2'], TXT: ['Listed in SBL, see https://check.zen.test/127.0.0.2'] });
    dns.zone.set(`${dnsblQueryName('2001:db8::1', 'bl.test')}`, { A: ['127.0.0.3'] });
    dns.zone.set('4.0.0.127.zen.test', { A: ['127.0.0.2'] });
    const resolve = createResolver(dns.server);

    const first = await checkSendingIps({ resolve, zones });
    expect(first.map((c) => [c.address, c.status, c.listings.map((l) => l.zone)])).toEqual([
      ['127.0.0.2', 'LISTED', ['zen.test']],
      ['127.0.0.4', 'DISABLED', ['zen.test']],
      ['2001:db8::1', 'LISTED', ['bl.test']],
    ]);
    const v4 = await ip('127.0.0.2');
    expect(v4.status).toBe('LISTED');
    expect(v4.lastCheckedAt).not.toBeNull();
    expect(v4.listings).toMatchObject([{ zone: 'zen.test', codes: ['127.0.0.2'], reason: 'Listed in SBL, see https://check.zen.test/127.0.0.2' }]);
    expect((await ip('127.0.0.4')).status).toBe('DISABLED'); // an operator's decision stands
    const alerts = await db.alert.findMany({ where: { kind: 'IP_LISTED' }, orderBy: { message: 'asc' } });
    expect(alerts.map((a) => a.message)).toEqual([
      'Sending IP 127.0.0.2 is listed on zen.test and is out of rotation.',
      'Sending IP 127.0.0.4 is listed on zen.test.',
      'Sending IP 2001:db8::1 is listed on bl.test and is out of rotation.',
    ]);

    // Still listed: no second alert, the listing keeps its first-seen time.
    await checkSendingIps({ resolve, zones });
    expect(await db.alert.count({ where: { kind: 'IP_LISTED' } })).toBe(3);
    expect((await ip('127.0.0.2')).listings).toMatchObject([{ since: (v4.listings as { since: string }[])[0]!.since }]);

    dns.zone.clear();
    await checkSendingIps({ resolve, zones });
    expect((await ip('127.0.0.2')).status).toBe('ACTIVE');
    expect((await ip('127.0.0.2')).listings).toEqual([]);
    expect((await ip('2001:db8::1')).status).toBe('ACTIVE');
    expect((await ip('127.0.0.4')).status).toBe('DISABLED');
    expect(await db.alert.count({ where: { kind: 'IP_DELISTED' } })).toBe(2);
  });

  it("does not read a list's refusal code (127.255.255.x) or a dead resolver as a delisting", async () => {
    await seedIps();
    dns.zone.set('2.0.0.127.zen.test', { A: ['127.0.0.2'] });
    await checkSendingIps({ resolve: createResolver(dns.server), zones });
    dns.zone.set('2.0.0.127.zen.test', { A: ['127.255.255.254'] });
    const r = await checkSendingIps({ resolve: createResolver(dns.server), zones });
    expect(r.find((c) => c.address === '127.0.0.2')!.errors).toEqual(['zen.test']);
    expect((await ip('127.0.0.2')).status).toBe('LISTED');
    // Nobody answers on this port: every lookup errors, the listing stands.
    await checkSendingIps({ resolve: createResolver('127.0.0.1:9'), zones });
    expect((await ip('127.0.0.2')).status).toBe('LISTED');
  });

  it('"check now" for one IP uses the configured resolver and zones (DNS_RESOLVER, DNSBL_ZONES)', async () => {
    await seedIps();
    dns.zone.set('2.0.0.127.zen.test', { A: ['127.0.0.10'] });
    const saved = { r: process.env.DNS_RESOLVER, z: process.env.DNSBL_ZONES };
    process.env.DNS_RESOLVER = dns.server;
    process.env.DNSBL_ZONES = 'zen.test, bl.test';
    try {
      const v4 = await ip('127.0.0.2');
      const o = await db.user.create({ data: { email: 'op@platform.example', passwordHash: 'x', isPlatformOperator: true } });
      const op = { userId: o.id, email: o.email, ip: null };
      const r = await checkSendingIpNow(op, v4.id);
      expect([r.status, r.listings.map((l) => l.codes)]).toEqual(['LISTED', [['127.0.0.10']]]);
      await expect(checkSendingIpNow(op, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      process.env.DNS_RESOLVER = saved.r;
      process.env.DNSBL_ZONES = saved.z;
      if (saved.r === undefined) delete process.env.DNS_RESOLVER;
      if (saved.z === undefined) delete process.env.DNSBL_ZONES;
    }
  });
});
