import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { preferencesToken } from '../../src/links.ts';
import { closeQueues } from '../../src/jobs/queue.ts';
import { getListPreferences, leaveList, pauseSubscriber, rejoinList, resumeSubscriber } from '../../src/feedback/preferences.ts';
import { countAudience } from '../../src/campaigns/audience.ts';
import { clearMailQueue, queuedMails } from '../accounts/helpers.ts';
import { seedCampaign, seedTenant } from './fixtures.ts';
import { errorCode as code } from '../error-code.ts';

describe('preference page: lists and pause', () => {
  beforeEach(async () => {
    await truncateAll();
    await clearMailQueue();
  });
  afterAll(async () => {
    await closeQueues();
    await getDb().$disconnect();
  });

  it('leaves a list, rejoins only through a new double opt-in, and never shows other lists', async () => {
    const t = await seedTenant('Acme');
    const { list, subscribers } = await seedCampaign(t.id, { recipients: 2 });
    const secret = await getDb().list.create({ data: { tenantId: t.id, name: 'Internal VIP' } });
    const s = subscribers[0]!;
    const token = preferencesToken(s.id);
    expect((await getListPreferences(token)).lists).toEqual([{ listId: list.id, name: list.name, status: 'CONFIRMED' }]);
    expect(await code(leaveList({ token, listId: secret.id }))).toBe('NOT_FOUND');

    expect(await leaveList({ token, listId: list.id })).toEqual({ changed: true });
    expect((await getListPreferences(token)).lists[0]!.status).toBe('UNSUBSCRIBED');
    expect(await getDb().event.count({ where: { subscriberId: s.id, type: 'UNSUBSCRIBE' } })).toBe(1);

    const r = await rejoinList({ token, listId: list.id, ip: '192.0.2.4', ua: 'Firefox' });
    expect(r).toEqual({ status: 'PENDING', mailed: true });
    expect((await getListPreferences(token)).lists[0]!.status).toBe('PENDING');
    const mails = await queuedMails('OPT_IN_CONFIRMATION');
    expect(mails.map((m) => m.to)).toEqual([s.email]);
  });

  it('pauses for 30 or 90 days only; the audience skips paused subscribers until then', async () => {
    const t = await seedTenant('Acme');
    const { list, subscribers } = await seedCampaign(t.id, { recipients: 2 });
    const token = preferencesToken(subscribers[0]!.id);
    const now = new Date();
    expect(await code(pauseSubscriber({ token, days: 7 }))).toBe('VALIDATION');
    const { pausedUntil } = await pauseSubscriber({ token, days: 90, now });
    expect(pausedUntil.getTime() - now.getTime()).toBe(90 * 86_400_000);
    expect((await getListPreferences(token)).pausedUntil).toEqual(pausedUntil);
    expect((await countAudience({ tenantId: t.id }, { listIds: [list.id] })).recipients).toBe(1);
    await resumeSubscriber({ token });
    expect((await getListPreferences(token)).pausedUntil).toBeNull();
    expect((await countAudience({ tenantId: t.id }, { listIds: [list.id] })).recipients).toBe(2);
  });

  it('refuses a tampered token', async () => {
    const t = await seedTenant('Acme');
    const { subscribers } = await seedCampaign(t.id, { recipients: 1 });
    const token = preferencesToken(subscribers[0]!.id);
    const bad = token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(await code(getListPreferences(bad))).toBe('NOT_FOUND');
    expect(await code(pauseSubscriber({ token: bad, days: 30 }))).toBe('NOT_FOUND');
  });
});
