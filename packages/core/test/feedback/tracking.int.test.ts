import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { signToken } from '../../src/crypto.ts';
import { clickUrl, openPixelUrl } from '../../src/links.ts';
import { closeTrackingRedis, recordOpen, resolveClick, trackingBufferKey, trackingRedis } from '../../src/tracking/record.ts';
import { flushTrackingEvents, trackingBufferLength } from '../../src/tracking/flush.ts';
import { seedCampaign, seedTenant } from './fixtures.ts';
import { errorCode as code } from '../error-code.ts';

const HUMAN_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';
const human = { method: 'GET', ua: HUMAN_UA, ip: '198.51.100.20' };
const tokenOf = (url: string) => url.split('/').pop()!;
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

describe('tracking: signed tokens, batched events, machine flagging', () => {
  beforeEach(async () => {
    await truncateAll();
    await trackingRedis().del(trackingBufferKey());
  });
  afterAll(async () => {
    await closeTrackingRedis();
    await getDb().$disconnect();
  });

  it('buffers opens in Redis and writes them in one batch with first-open, activity and counters', async () => {
    const t = await seedTenant('Acme');
    const { campaign, messages } = await seedCampaign(t.id, { recipients: 50, sentAt: minutesAgo(30) });
    for (const m of messages) expect(await recordOpen(tokenOf(openPixelUrl(m.id)), human)).toBe(true);
    // The same reader opening again is another event but not another unique open.
    await recordOpen(tokenOf(openPixelUrl(messages[0]!.id)), human);
    // Nothing in Postgres until the batch writer runs.
    expect(await getDb().event.count()).toBe(0);
    expect(await trackingBufferLength()).toBe(51);

    const r = await flushTrackingEvents();
    expect(r).toMatchObject({ read: 51, written: 51, human: 51 });
    expect(await trackingBufferLength()).toBe(0);
    const db = getDb();
    expect(await db.event.count({ where: { type: 'OPEN', campaignId: campaign.id, tenantId: t.id } })).toBe(51);
    expect(await db.message.count({ where: { campaignId: campaign.id, firstOpenAt: { not: null } } })).toBe(50);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).openCount).toBe(50);
    expect(await db.subscriber.count({ where: { tenantId: t.id, lastActivityAt: { not: null } } })).toBe(50);

    // A later flush with a repeat open moves no counter.
    await recordOpen(tokenOf(openPixelUrl(messages[1]!.id)), human);
    await flushTrackingEvents();
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).openCount).toBe(50);
  });

  it('flags Apple proxy opens, HEAD requests and scanner clicks and keeps them out of the human numbers', async () => {
    const t = await seedTenant('Acme');
    const { campaign, messages } = await seedCampaign(t.id, { recipients: 4, sentAt: new Date(), links: ['https://acme.example/offer'] });
    const [a, b, c, d] = messages as [typeof messages[0], typeof messages[0], typeof messages[0], typeof messages[0]];
    await recordOpen(tokenOf(openPixelUrl(a.id)), { method: 'GET', ua: 'Mozilla/5.0', ip: '17.58.101.12' });
    await recordOpen(tokenOf(openPixelUrl(b.id)), { method: 'HEAD', ua: HUMAN_UA, ip: '198.51.100.3' });
    // A gateway following the link the moment the mail was delivered.
    await resolveClick(tokenOf(clickUrl(c.id, 0)), human);
    await recordOpen(tokenOf(openPixelUrl(d.id)), human);
    const r = await flushTrackingEvents();
    expect(r).toMatchObject({ written: 4, human: 1 });
    const events = await getDb().event.findMany({ orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.messageId, e.machine, (e.metadata as { machineReason?: string }).machineReason ?? null])).toEqual([
      [a.id, true, 'apple-privacy-proxy'],
      [b.id, true, 'head-request'],
      [c.id, true, 'click-right-after-delivery'],
      [d.id, false, null],
    ]);
    const camp = await getDb().campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    expect([camp.openCount, camp.clickCount]).toEqual([1, 0]);
    const c2 = await getDb().subscriber.findUniqueOrThrow({ where: { id: c.subscriberId } });
    expect(c2.lastActivityAt).toBeNull();
  });

  it('redirects only to the campaign’s own links; tampered tokens are refused', async () => {
    const t = await seedTenant('Acme');
    const mine = await seedCampaign(t.id, { recipients: 1, sentAt: minutesAgo(60), links: ['https://acme.example/a', 'https://acme.example/b'] });
    const other = await seedCampaign(t.id, { recipients: 1, links: ['https://elsewhere.example/x', 'https://elsewhere.example/y', 'https://evil.example/z'] });
    const m = mine.messages[0]!;
    expect(await resolveClick(tokenOf(clickUrl(m.id, 1)), human)).toBe('https://acme.example/b');
    // Index 2 exists only in another campaign: never reachable through this message.
    expect(await code(resolveClick(tokenOf(clickUrl(m.id, 2)), human))).toBe('NOT_FOUND');
    const [payload, mac] = tokenOf(clickUrl(m.id, 0)).split('.') as [string, string];
    const forged = `${Buffer.from(JSON.stringify({ m: other.messages[0]!.id, l: 2 })).toString('base64url')}.${mac}`;
    expect(await code(resolveClick(forged, human))).toBe('NOT_FOUND');
    expect(await code(resolveClick(`${payload}.x${mac.slice(1)}`, human))).toBe('NOT_FOUND');
    expect(await code(resolveClick(signToken('open', { m: m.id, l: 0 }), human))).toBe('NOT_FOUND');
    expect(await code(resolveClick(signToken('click', { m: m.id, l: 0, url: 'https://evil.example' }).replace(/.$/, '_'), human))).toBe('NOT_FOUND');
    // One signed part per mail, the index after it: another campaign's message id under this
    // signature, a non-numeric index or a token of another purpose is refused.
    const [signedPart, , index] = tokenOf(clickUrl(m.id, 1)).split('.') as [string, string, string];
    expect(index).toBe('1');
    expect(await code(resolveClick(`${Buffer.from(JSON.stringify({ m: other.messages[0]!.id })).toString('base64url')}.${tokenOf(clickUrl(m.id, 1)).split('.')[1]}.1`, human))).toBe('NOT_FOUND');
    expect(await code(resolveClick(`${signedPart}.${tokenOf(clickUrl(m.id, 1)).split('.')[1]}.1x`, human))).toBe('NOT_FOUND');
    expect(await code(resolveClick(`${signToken('unsub', { m: m.id })}.0`, human))).toBe('NOT_FOUND');
    // Links in mail sent before (one signed token per link) keep working.
    expect(await resolveClick(signToken('click', { m: m.id, l: 1 }), human)).toBe('https://acme.example/b');
    // Open pixel: a tampered token is refused and nothing is buffered for it.
    const open = tokenOf(openPixelUrl(m.id));
    expect(await recordOpen(`${open.slice(0, 5)}A${open.slice(6)}`, human)).toBe(false);
    expect(await recordOpen(signToken('unsub', { m: m.id }), human)).toBe(false);
    await flushTrackingEvents();
    const clicks = await getDb().event.findMany({ where: { type: 'CLICK' } });
    // the two that resolved (current and earlier link format), nothing for the refused ones
    expect(clicks).toHaveLength(2);
    for (const c of clicks) expect(c.metadata).toMatchObject({ link: 1, url: 'https://acme.example/b' });
    expect(await getDb().event.count({ where: { type: 'OPEN' } })).toBe(0);
    const camp = await getDb().campaign.findUniqueOrThrow({ where: { id: mine.campaign.id } });
    expect(camp.clickCount).toBe(1);
  });

  it('records nothing for a campaign with tracking switched off, but the link still works', async () => {
    const t = await seedTenant('Acme');
    const { messages } = await seedCampaign(t.id, { recipients: 1, sentAt: minutesAgo(60), trackOpens: false, trackClicks: false, links: ['https://acme.example/'] });
    const m = messages[0]!;
    await recordOpen(tokenOf(openPixelUrl(m.id)), human);
    expect(await resolveClick(tokenOf(clickUrl(m.id, 0)), human)).toBe('https://acme.example/');
    expect(await flushTrackingEvents()).toMatchObject({ read: 2, written: 0 });
    expect(await getDb().event.count()).toBe(0);
    expect((await getDb().message.findUniqueOrThrow({ where: { id: m.id } })).firstOpenAt).toBeNull();
  });
});
