import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { clickUrl, closeTrackingRedis, flushTrackingEvents, openPixelUrl, signToken } from '@rundbrief/core';
import { GET as openGET, HEAD as openHEAD } from '../app/t/o/[token]/route.ts';
import { GET as clickGET } from '../app/t/c/[token]/route.ts';
import { seedCampaign, seedTenant } from '../../../packages/core/test/feedback/fixtures.ts';
import { fromPeer } from './peer.ts';

const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const call = (handler: typeof openGET, url: string, init: RequestInit = {}) =>
  handler(new Request(url, { ...init, headers: { 'user-agent': UA, ...fromPeer('198.51.100.8'), ...(init.headers ?? {}) } }), {
    params: Promise.resolve({ token: decodeURIComponent(new URL(url).pathname.split('/')[3]!) }),
  });

describe('tracking routes', () => {
  beforeEach(() => truncateAll());
  afterAll(async () => {
    await closeTrackingRedis();
    await getDb().$disconnect();
  });

  it('open pixel: a no-cache 1x1 GIF, the open lands in the batch; HEAD is flagged; tampered is 404', async () => {
    const t = await seedTenant('Acme');
    const { campaign, messages } = await seedCampaign(t.id, { recipients: 2, sentAt: new Date(Date.now() - 3600_000) });
    const res = await call(openGET, openPixelUrl(messages[0]!.id));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(res.headers.get('cache-control')).toContain('no-store');
    const gif = Buffer.from(await res.arrayBuffer());
    expect(gif.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect([gif.readUInt16LE(6), gif.readUInt16LE(8)]).toEqual([1, 1]);
    expect((await call(openHEAD, openPixelUrl(messages[1]!.id), { method: 'HEAD' })).status).toBe(200);

    const good = openPixelUrl(messages[0]!.id);
    const tampered = good.replace(/(\.)([A-Za-z0-9_-])/, (_, d: string, ch: string) => d + (ch === 'A' ? 'B' : 'A'));
    expect((await call(openGET, tampered)).status).toBe(404);
    expect((await call(openGET, `http://localhost:3000/t/o/${signToken('click', { m: messages[0]!.id })}.gif`)).status).toBe(404);

    await flushTrackingEvents();
    const events = await getDb().event.findMany({ orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.messageId, e.machine])).toEqual([[messages[0]!.id, false], [messages[1]!.id, true]]);
    expect((await getDb().campaign.findUniqueOrThrow({ where: { id: campaign.id } })).openCount).toBe(1);
  });

  it('click redirect: 302 to the campaign’s own link only; tampered or foreign index is 404 (no open redirect)', async () => {
    const t = await seedTenant('Acme');
    const { messages } = await seedCampaign(t.id, { recipients: 1, sentAt: new Date(Date.now() - 3600_000), links: ['https://acme.example/spring?utm=1'] });
    const res = await call(clickGET, clickUrl(messages[0]!.id, 0));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://acme.example/spring?utm=1');
    expect((await call(clickGET, clickUrl(messages[0]!.id, 1))).status).toBe(404);
    // A token carrying its own URL is not ours: refused, and no Location header leaks out.
    const evil = await call(clickGET, `http://localhost:3000/t/c/${signToken('click', { m: messages[0]!.id, l: 0 })}x?url=https://evil.example`);
    expect(evil.status).toBe(404);
    expect(evil.headers.get('location')).toBeNull();
    await flushTrackingEvents();
    const clicks = await getDb().event.findMany({ where: { type: 'CLICK' } });
    expect(clicks.map((c) => [c.machine, (c.metadata as { url: string }).url])).toEqual([[false, 'https://acme.example/spring?utm=1']]);
    expect((await getDb().message.findUniqueOrThrow({ where: { id: messages[0]!.id } })).firstClickAt).not.toBeNull();
  });
});
