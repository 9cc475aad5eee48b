import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { clickUrl, closeTrackingRedis, openPixelUrl, recordOpen, resolveClick, trackingBufferLength } from '@rundbrief/core';
import { findJob } from '../src/registry.ts';
import { seedCampaign, seedTenant } from '../../../packages/core/test/feedback/fixtures.ts';

const ua = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const tok = (u: string) => u.split('/').pop()!;

describe('events processor', () => {
  beforeEach(() => truncateAll());
  afterAll(async () => {
    await closeTrackingRedis();
    await getDb().$disconnect();
  });

  it('is registered on the events queue and drains the buffer into Postgres in batches', async () => {
    const job = findJob('events', 'flush-tracking');
    expect(job).toBeDefined();
    const t = await seedTenant('Acme');
    const { campaign, messages } = await seedCampaign(t.id, { recipients: 3, sentAt: new Date(Date.now() - 3600_000), links: ['https://acme.example/'] });
    for (const m of messages) await recordOpen(tok(openPixelUrl(m.id)), { method: 'GET', ua, ip: '203.0.113.5' });
    await resolveClick(tok(clickUrl(messages[0]!.id, 0)), { method: 'GET', ua, ip: '203.0.113.5' });
    const logs: string[] = [];
    const r = await job!.handle(job!.schema.parse({}), { jobId: '1', attemptsMade: 0, workerId: 'test', log: (m) => logs.push(m) });
    expect(r).toEqual({ read: 4, written: 4 });
    expect(await trackingBufferLength()).toBe(0);
    const c = await getDb().campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    expect([c.openCount, c.clickCount]).toEqual([3, 1]);
    expect(logs).toEqual(['tracking events flushed']);
  });
});
