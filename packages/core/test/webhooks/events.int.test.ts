// Webhook events recorded by the real write paths, inside their transactions: a double
// opt-in confirmation, an unsubscribe by link (once, not on the repeat), leaving one list on
// the preference page, a GDPR erasure, and a campaign's start, finish and auto-pause through
// the one status writer. One event goes all the way to a receiver on loopback.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { closeQueues } from '../../src/index.ts';
import { randomToken, sha256 } from '../../src/crypto.ts';
import { unsubscribeToken, preferencesToken } from '../../src/links.ts';
import { confirmSubscription } from '../../src/audience/consent.ts';
import { eraseSubscriber } from '../../src/audience/gdpr.ts';
import { leaveList } from '../../src/feedback/preferences.ts';
import { unsubscribeByToken } from '../../src/feedback/unsubscribe.ts';
import { moveCampaign, transitionCampaigns } from '../../src/campaigns/status.ts';
import { completeIfDone, recordOutcomes } from '../../src/sending/outcomes.ts';
import { deliverWebhook } from '../../src/webhooks/deliver.ts';
import { systemCtx } from '../../src/context.ts';
import { seedCampaign, seedTenant } from '../feedback/fixtures.ts';
import { makeEndpoint, startReceiver } from './helpers.ts';

const db = getDb();
const eventsOf = async (tenantId: string, type?: string) =>
  (await db.webhookEvent.findMany({ where: { tenantId, ...(type ? { type } : {}) }, orderBy: { createdAt: 'asc' } })).map((e) => ({ type: e.type, data: e.data as Record<string, unknown> }));

beforeEach(async () => {
  await truncateAll();
  process.env.WEBHOOK_ALLOW_HOSTS = '127.0.0.1';
});
afterAll(async () => {
  delete process.env.WEBHOOK_ALLOW_HOSTS;
  await closeQueues();
  await db.$disconnect();
});

describe('webhook events from the real write paths', () => {
  it('a double opt-in click records subscriber.confirmed, delivered signed to the receiver', async () => {
    const t = await seedTenant('Acme');
    const rx = await startReceiver();
    try {
      const { secret } = await makeEndpoint(t.id, rx.url, ['subscriber.confirmed']);
      const list = await db.list.create({ data: { tenantId: t.id, name: 'News', optInMode: 'DOUBLE' } });
      const sub = await db.subscriber.create({ data: { tenantId: t.id, email: 'anna@mail.example.net' } });
      const token = randomToken();
      await db.subscription.create({ data: { tenantId: t.id, listId: list.id, subscriberId: sub.id, status: 'PENDING', source: 'FORM', tokenHash: sha256(token), tokenExpiresAt: new Date(Date.now() + 86_400_000) } });

      await confirmSubscription({ token, ip: '192.0.2.1' });
      const [ev] = await eventsOf(t.id);
      expect(ev).toMatchObject({ type: 'subscriber.confirmed', data: { subscriberId: sub.id, email: 'anna@mail.example.net', listId: list.id, source: 'FORM' } });
      // A second click confirms nothing and records nothing.
      await expect(confirmSubscription({ token })).rejects.toThrow();
      expect(await eventsOf(t.id)).toHaveLength(1);

      const d = await db.webhookDelivery.findFirstOrThrow({ where: { tenantId: t.id } });
      expect(await deliverWebhook(d.id)).toMatchObject({ kind: 'succeeded' });
      const r = rx.received[0]!;
      expect(new Webhook(secret).verify(r.body, r.headers as Record<string, string>)).toMatchObject({ type: 'subscriber.confirmed', data: { subscriberId: sub.id } });
    } finally {
      await rx.close();
    }
  });

  it('an unsubscribe link records subscriber.unsubscribed once; leaving one list records one with scope "list"', async () => {
    const t = await seedTenant('Acme');
    await makeEndpoint(t.id, 'https://hooks.example.com/a', ['subscriber.unsubscribed']);
    const { messages } = await seedCampaign(t.id, { recipients: 2 });
    const [m, other] = messages as [typeof messages[0], typeof messages[0]];

    await unsubscribeByToken(unsubscribeToken(m.id), { source: 'one-click' });
    await unsubscribeByToken(unsubscribeToken(m.id), { source: 'link' });
    const evs = await eventsOf(t.id);
    expect(evs).toHaveLength(1);
    expect(evs[0]).toMatchObject({ type: 'subscriber.unsubscribed', data: { subscriberId: m.subscriberId, email: m.email, scope: 'all', reason: 'UNSUBSCRIBE', source: 'one-click' } });
    expect((evs[0]!.data.listIds as string[]).length).toBe(1);

    const sub = await db.subscription.findFirstOrThrow({ where: { subscriberId: other.subscriberId } });
    expect(await leaveList({ token: preferencesToken(other.subscriberId), listId: sub.listId })).toEqual({ changed: true });
    expect(await leaveList({ token: preferencesToken(other.subscriberId), listId: sub.listId })).toEqual({ changed: false });
    const leave = await eventsOf(t.id);
    expect(leave).toHaveLength(2);
    expect(leave[1]).toMatchObject({ data: { subscriberId: other.subscriberId, listIds: [sub.listId], scope: 'list', source: 'preferences' } });
  });

  it('a GDPR erasure records subscriber.erased with the id only', async () => {
    const t = await seedTenant('Acme');
    await makeEndpoint(t.id, 'https://hooks.example.com/a', ['subscriber.erased']);
    const s = await db.subscriber.create({ data: { tenantId: t.id, email: 'gone@mail.example.net' } });
    await eraseSubscriber({ ...systemCtx(t.id), actor: 'test' }, s.id);
    expect(await eventsOf(t.id)).toEqual([{ type: 'subscriber.erased', data: { subscriberId: s.id } }]);
  });

  it('campaign start, auto-pause and finish through the status writer; a rolled-back or refused move records nothing', async () => {
    const t = await seedTenant('Acme');
    await makeEndpoint(t.id, 'https://hooks.example.com/a', ['campaign.started', 'campaign.finished', 'campaign.auto_paused']);
    const { campaign } = await seedCampaign(t.id, { recipients: 1, status: 'SCHEDULED' });
    await db.campaign.update({ where: { id: campaign.id }, data: { scheduledAt: new Date() } });

    // Inside a transaction that fails: the move and its event are undone together.
    await expect(db.$transaction(async (tx) => {
      await transitionCampaigns(t.id, campaign.id, 'SENDING', { db: tx });
      throw new Error('start failed');
    })).rejects.toThrow('start failed');
    expect(await eventsOf(t.id)).toEqual([]);

    expect(await moveCampaign(t.id, campaign.id, 'SENDING')).not.toBeNull();
    expect(await moveCampaign(t.id, campaign.id, 'AUTO_PAUSED', { reason: 'Hard-bounce rate 9 %' })).not.toBeNull();
    // A resume is no new start.
    expect(await moveCampaign(t.id, campaign.id, 'SENDING')).not.toBeNull();
    // Refused (SENDING -> DRAFT is not allowed): nothing moves, nothing recorded.
    expect(await moveCampaign(t.id, campaign.id, 'DRAFT')).toBeNull();
    // The real finish: nothing pending any more.
    await db.message.updateMany({ where: { campaignId: campaign.id }, data: { status: 'SENT' } });
    await db.campaign.update({ where: { id: campaign.id }, data: { sentCount: 1, recipientCount: 1 } });
    expect(await completeIfDone(systemCtx(t.id), campaign.id)).toBe(true);
    expect(await completeIfDone(systemCtx(t.id), campaign.id)).toBe(false);

    const evs = await eventsOf(t.id);
    expect(evs.map((e) => e.type)).toEqual(['campaign.started', 'campaign.auto_paused', 'campaign.finished']);
    expect(evs[1]!.data).toMatchObject({ campaignId: campaign.id, status: 'AUTO_PAUSED', previousStatus: 'SENDING', reason: 'Hard-bounce rate 9 %' });
    expect(evs[2]!.data).toMatchObject({ campaignId: campaign.id, name: campaign.name, status: 'SENT', previousStatus: 'SENDING', recipientCount: 1, sentCount: 1 });
    expect(evs[2]!.data.finishedAt).toEqual(expect.any(String));
  });

  it('a 5xx at send time records message.bounced in the outcome statement; a delivered message records nothing', async () => {
    const t = await seedTenant('Acme');
    await makeEndpoint(t.id, 'https://hooks.example.com/a', ['message.bounced']);
    const { campaign, messages } = await seedCampaign(t.id, { recipients: 2, messageStatus: 'SENDING' });
    await db.message.updateMany({ where: { campaignId: campaign.id }, data: { claimedBy: 'w1' } });
    const [bounced, delivered] = messages as [typeof messages[0], typeof messages[0]];
    const base = { sourceIp: '127.0.0.2', messageId: null, nextAttemptAt: null, attempted: 1 as const, prev: 'QUEUED' as const };
    await recordOutcomes(systemCtx(t.id), {
      campaignId: campaign.id, workerId: 'w1', outcomes: [
        { ...base, id: bounced.id, subscriberId: bounced.subscriberId, email: bounced.email, status: 'BOUNCED', smtpCode: 550, smtpReply: '550 5.1.1 User unknown', bounceCategory: 'hard' },
        { ...base, id: delivered.id, subscriberId: delivered.subscriberId, email: delivered.email, status: 'SENT', smtpCode: 250, smtpReply: '250 OK', bounceCategory: null },
      ],
    });
    expect(await eventsOf(t.id)).toEqual([{ type: 'message.bounced', data: {
      messageId: bounced.id, campaignId: campaign.id, subscriberId: bounced.subscriberId, email: bounced.email, category: 'hard', smtpCode: 550, diagnostic: '550 5.1.1 User unknown', async: false,
    } }]);
  });
});
