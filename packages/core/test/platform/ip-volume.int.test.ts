// Volume per recipient domain per sending IP (/admin/ips): delivered mail of the last 24 h
// and 7 days from Message.sourceIp, the ten largest domains per IP and the rest as others.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import { volumeByIpAndDomain } from '../../src/platform/ip-volume.ts';

const NOW = new Date('2026-12-07T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000);

beforeEach(truncateAll);
afterAll(() => getDb().$disconnect());

async function messages(tenantId: string, campaignId: string, rows: { ip: string | null; domain: string; n: number; sentAt: Date | null; status?: string }[]) {
  let i = 0;
  for (const r of rows) {
    await getDb().$executeRaw`
      INSERT INTO "Message" (id, "tenantId", "campaignId", "subscriberId", email, status, "sourceIp", "sentAt", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), ${tenantId}::uuid, ${campaignId}::uuid, gen_random_uuid(), 'u' || ${i++} || '-' || g || '@' || ${r.domain},
        ${r.status ?? 'SENT'}::"MessageStatus", ${r.ip}, ${r.sentAt}, now(), now()
      FROM generate_series(1, ${r.n}) g`;
  }
}

describe('volume per domain per sending IP', () => {
  it('counts delivered mail per IP and domain for 24 h and 7 days, top 10 domains and the rest as others, across tenants', async () => {
    const { a, b } = await seedTwoTenants();
    const ca = await getDb().campaign.create({ data: { tenantId: a.id, name: 'A', subject: 's', mjml: '<mjml/>', status: 'SENDING', startedAt: hoursAgo(200) } });
    const cb = await getDb().campaign.create({ data: { tenantId: b.id, name: 'B', subject: 's', mjml: '<mjml/>', status: 'SENT', startedAt: hoursAgo(50), finishedAt: hoursAgo(49) } });
    // finished before the window: never read
    const old = await getDb().campaign.create({ data: { tenantId: b.id, name: 'Old', subject: 's', mjml: '<mjml/>', status: 'SENT', startedAt: hoursAgo(400), finishedAt: hoursAgo(399) } });
    await messages(a.id, ca.id, [
      { ip: '127.0.0.2', domain: 'gmail.com', n: 30, sentAt: hoursAgo(2) },
      { ip: '127.0.0.2', domain: 'GMX.de', n: 5, sentAt: hoursAgo(2), status: 'BOUNCED' }, // delivered, bounced later by DSN
      { ip: '127.0.0.2', domain: 'web.de', n: 7, sentAt: hoursAgo(100) },
      { ip: '127.0.0.2', domain: 'outlook.com', n: 9, sentAt: hoursAgo(180) }, // older than 7 days
      { ip: '127.0.0.2', domain: 'yahoo.com', n: 4, sentAt: null, status: 'DEFERRED' },
      { ip: '127.0.0.2', domain: 'aol.com', n: 3, sentAt: null, status: 'BOUNCED' }, // refused at once: not delivered
      { ip: null, domain: 'gmail.com', n: 6, sentAt: null, status: 'QUEUED' },
      ...Array.from({ length: 12 }, (_, k) => ({ ip: '127.0.0.3', domain: `d${k}.example`, n: 20 - k, sentAt: hoursAgo(30) })),
    ]);
    await messages(b.id, cb.id, [{ ip: '127.0.0.3', domain: 'gmail.com', n: 50, sentAt: hoursAgo(49) }, { ip: '127.0.0.3', domain: 'd0.example', n: 2, sentAt: hoursAgo(1) }]);
    await messages(b.id, old.id, [{ ip: '127.0.0.2', domain: 'gmail.com', n: 11, sentAt: hoursAgo(399) }]);

    const o = await getDb().user.create({ data: { email: 'op@platform.example', passwordHash: 'x', isPlatformOperator: true } });
    const v = await volumeByIpAndDomain({ userId: o.id, email: o.email, ip: null }, NOW);
    expect(v.map((x) => [x.ip, x.last24h, x.last7d])).toEqual([['127.0.0.2', 35, 42], ['127.0.0.3', 2, 52 + 174]]);
    expect(v[0]!.domains).toEqual([
      { domain: 'gmail.com', last24h: 30, last7d: 30 },
      { domain: 'web.de', last24h: 0, last7d: 7 },
      { domain: 'gmx.de', last24h: 5, last7d: 5 },
    ]);
    const three = v[1]!.domains;
    expect(three).toHaveLength(11);
    expect(three[0]).toEqual({ domain: 'gmail.com', last24h: 0, last7d: 50 });
    expect(three[1]).toEqual({ domain: 'd0.example', last24h: 2, last7d: 22 });
    expect(three.slice(2, 10).map((d) => d.domain)).toEqual(['d1.example', 'd2.example', 'd3.example', 'd4.example', 'd5.example', 'd6.example', 'd7.example', 'd8.example']);
    // d9..d11 (11 + 10 + 9) beyond the ten largest
    expect(three[10]).toEqual({ domain: null, last24h: 0, last7d: 30 });
  });
});
