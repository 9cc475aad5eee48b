import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import {
  campaignMessagesCsv, getCampaignSummary, getCampaignTimeline, getDomainTable, getSunsetReport, getTenantTrends,
  getTopLinks, listCampaignMessages,
} from '../../src/reports/index.ts';
import { seedCampaign, seedTenant } from './fixtures.ts';
import { errorCode as code } from '../error-code.ts';

const H = 3600_000;

async function event(tenantId: string, campaignId: string, messageId: string, type: 'OPEN' | 'CLICK' | 'BOUNCE' | 'COMPLAINT' | 'UNSUBSCRIBE', at: Date, extra: { machine?: boolean; metadata?: object } = {}) {
  await getDb().event.create({ data: { tenantId, campaignId, messageId, type, createdAt: at, machine: extra.machine ?? false, metadata: extra.metadata ?? {} } });
}

describe('reports', () => {
  beforeEach(() => truncateAll());
  afterAll(() => getDb().$disconnect());

  it('campaign summary, hourly timeline, domains, links and message log agree with what happened', async () => {
    const t = await seedTenant('Acme');
    const t0 = new Date('2026-11-20T09:15:00Z');
    const { campaign, messages } = await seedCampaign(t.id, {
      recipients: 6, sentAt: t0, domains: ['gmail.com', 'gmail.com', 'web.de'], links: ['https://acme.example/a', 'https://acme.example/b'],
    });
    const db = getDb();
    const [m0, m1, m2, m3] = messages as [typeof messages[0], typeof messages[0], typeof messages[0], typeof messages[0]];
    await db.message.update({ where: { id: m3.id }, data: { status: 'BOUNCED', bounceCategory: 'hard', smtpCode: 550, smtpReply: '550 5.1.1 user unknown' } });
    await db.campaign.update({ where: { id: campaign.id }, data: { openCount: 2, clickCount: 1, complaintCount: 1, unsubscribeCount: 1 } });
    await db.message.update({ where: { id: m0.id }, data: { firstOpenAt: new Date(t0.getTime() + H), firstClickAt: new Date(t0.getTime() + H) } });
    await db.message.update({ where: { id: m1.id }, data: { firstOpenAt: new Date(t0.getTime() + 2 * H) } });
    await event(t.id, campaign.id, m0.id, 'OPEN', new Date(t0.getTime() + H));
    await event(t.id, campaign.id, m1.id, 'OPEN', new Date(t0.getTime() + 2 * H));
    await event(t.id, campaign.id, m2.id, 'OPEN', t0, { machine: true, metadata: { machineReason: 'apple-privacy-proxy' } });
    await event(t.id, campaign.id, m0.id, 'CLICK', new Date(t0.getTime() + H), { metadata: { link: 1, url: 'https://acme.example/b' } });
    await event(t.id, campaign.id, m0.id, 'CLICK', new Date(t0.getTime() + H + 60_000), { metadata: { link: 1, url: 'https://acme.example/b' } });
    await event(t.id, campaign.id, m2.id, 'CLICK', t0, { machine: true, metadata: { link: 0 } });
    await event(t.id, campaign.id, m3.id, 'BOUNCE', new Date(t0.getTime() + 3 * H), { metadata: { category: 'hard' } });
    await event(t.id, campaign.id, m1.id, 'COMPLAINT', new Date(t0.getTime() + 3 * H));
    await event(t.id, campaign.id, m1.id, 'UNSUBSCRIBE', new Date(t0.getTime() + 3 * H));

    const s = await getCampaignSummary({ tenantId: t.id }, campaign.id);
    expect(s.counts).toMatchObject({ delivered: 5, bounced: 1, uniqueOpens: 2, uniqueClicks: 1, machineOpens: 1, machineClicks: 1, complaints: 1, unsubscribes: 1 });
    expect(s.rates.open).toBeCloseTo(2 / 5);
    expect(s.rates.bounce).toBeCloseTo(1 / 6);
    expect(s.bouncesByCategory).toEqual([{ category: 'hard', count: 1 }]);

    const tl = await getCampaignTimeline({ tenantId: t.id }, campaign.id);
    expect(tl.unit).toBe('hour');
    expect(tl.buckets.map((b) => b.at.toISOString())).toEqual(['2026-11-20T09:00:00.000Z', '2026-11-20T10:00:00.000Z', '2026-11-20T11:00:00.000Z', '2026-11-20T12:00:00.000Z']);
    // Machine open/click in the first hour are not in the human series.
    expect(tl.buckets.map((b) => [b.delivered, b.opens, b.clicks, b.bounces, b.complaints, b.unsubscribes])).toEqual([
      [6, 0, 0, 0, 0, 0], [0, 1, 2, 0, 0, 0], [0, 1, 0, 0, 0, 0], [0, 0, 0, 1, 1, 1],
    ]);
    expect(tl.buckets[3]!.bouncesByCategory).toEqual({ hard: 1 });

    expect(await getDomainTable({ tenantId: t.id }, campaign.id)).toEqual([
      { domain: 'gmail.com', total: 4, delivered: 3, bounced: 1, deferred: 0, failed: 0, opened: 2, clicked: 1 },
      { domain: 'web.de', total: 2, delivered: 2, bounced: 0, deferred: 0, failed: 0, opened: 0, clicked: 0 },
    ]);
    expect(await getTopLinks({ tenantId: t.id }, campaign.id)).toEqual([
      { index: 1, url: 'https://acme.example/b', clicks: 2, uniqueClickers: 1, machineClicks: 0 },
      { index: 0, url: 'https://acme.example/a', clicks: 0, uniqueClickers: 0, machineClicks: 1 },
    ]);

    const bounced = await listCampaignMessages({ tenantId: t.id }, campaign.id, { status: 'BOUNCED' });
    expect(bounced.total).toBe(1);
    expect(bounced.rows[0]).toMatchObject({ email: m3.email, smtpCode: 550, smtpReply: '550 5.1.1 user unknown' });
    expect((await listCampaignMessages({ tenantId: t.id }, campaign.id)).total).toBe(6);

    let csv = '';
    for await (const chunk of campaignMessagesCsv({ tenantId: t.id }, campaign.id)) csv += chunk;
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('email,status,skip_reason,attempts,source_ip,smtp_code,smtp_reply,bounce_category,sent_at,first_open_at,first_click_at');
    expect(lines).toHaveLength(7);
    expect(csv).toContain(`${m3.email},BOUNCED,,0,,550,550 5.1.1 user unknown,hard,2026-11-20T09:15:00.000Z,,`);
  });

  it('another tenant cannot read any of it', async () => {
    const a = await seedTenant('A');
    const b = await seedTenant('B');
    const { campaign } = await seedCampaign(a.id, { recipients: 1 });
    const asB = { tenantId: b.id };
    expect(await code(getCampaignSummary(asB, campaign.id))).toBe('NOT_FOUND');
    expect(await code(getCampaignTimeline(asB, campaign.id))).toBe('NOT_FOUND');
    expect(await code(getDomainTable(asB, campaign.id))).toBe('NOT_FOUND');
    expect(await code(getTopLinks(asB, campaign.id))).toBe('NOT_FOUND');
    expect(await code(listCampaignMessages(asB, campaign.id))).toBe('NOT_FOUND');
    expect(await code((async () => { for await (const _ of campaignMessagesCsv(asB, campaign.id)) void _; })())).toBe('NOT_FOUND');
    expect(await code(getCampaignSummary({ tenantId: a.id }, 'not-a-uuid'))).toBe('NOT_FOUND');
    expect((await getTenantTrends({ tenantId: b.id })).total.delivered).toBe(0);
    expect((await getTenantTrends({ tenantId: a.id })).total.delivered).toBe(1);
  });

  it('30-day trends and the sunset report per list', async () => {
    const t = await seedTenant('Acme');
    const now = new Date();
    const { list, campaign, messages } = await seedCampaign(t.id, { recipients: 4, sentAt: new Date(now.getTime() - 2 * 24 * H) });
    await event(t.id, campaign.id, messages[0]!.id, 'OPEN', new Date(now.getTime() - 24 * H));
    await event(t.id, campaign.id, messages[1]!.id, 'OPEN', new Date(now.getTime() - 24 * H), { machine: true });
    const trends = await getTenantTrends({ tenantId: t.id }, { now });
    expect(trends.points).toHaveLength(30);
    expect(trends.points.at(-3)!.delivered).toBe(4);
    expect(trends.points.at(-2)!.opens).toBe(1);
    expect(trends.total).toMatchObject({ delivered: 4, opens: 1 });

    // Two confirmed 8 months ago: one never active (sunset), one clicked last week.
    const old = new Date(now.getTime() - 240 * 24 * H);
    const subs = messages.map((m) => m.subscriberId);
    await getDb().subscription.updateMany({ where: { subscriberId: { in: subs.slice(0, 2) } }, data: { confirmedAt: old, requestedAt: old } });
    await getDb().subscriber.update({ where: { id: subs[1]! }, data: { lastActivityAt: new Date(now.getTime() - 7 * 24 * H) } });
    // An unsubscribed one does not count at all.
    await getDb().subscriber.update({ where: { id: subs[3]! }, data: { status: 'UNSUBSCRIBED' } });
    expect(await getSunsetReport({ tenantId: t.id }, { now })).toEqual([
      { listId: list.id, name: list.name, confirmed: 3, inactive: 1, share: 1 / 3 },
    ]);
  });
});
