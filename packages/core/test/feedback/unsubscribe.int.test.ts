import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { signToken } from '../../src/crypto.ts';
import { unsubscribeToken } from '../../src/links.ts';
import { describeUnsubscribeToken, unsubscribeByToken } from '../../src/feedback/unsubscribe.ts';
import { seedCampaign, seedTenant } from './fixtures.ts';
import { errorCode as code } from '../error-code.ts';

describe('unsubscribe by signed per-message token', () => {
  beforeEach(() => truncateAll());
  afterAll(() => getDb().$disconnect());

  it('writes suppression, subscription, subscriber, event and counter in one go; a repeat changes nothing', async () => {
    const t = await seedTenant('Acme');
    const { campaign, messages } = await seedCampaign(t.id, { recipients: 2 });
    const [m, other] = messages as [typeof messages[0], typeof messages[0]];
    const token = unsubscribeToken(m.id);

    // Describing the token (the GET page) changes nothing: link scanners prefetch GETs.
    const info = await describeUnsubscribeToken(token);
    expect(info).toMatchObject({ email: m.email, alreadyUnsubscribed: false, senderName: 'Acme' });
    expect(await getDb().suppression.count()).toBe(0);

    const r = await unsubscribeByToken(token, { source: 'one-click', ip: '192.0.2.9', ua: 'Gmail' });
    expect(r).toMatchObject({ email: m.email, changed: true });
    const db = getDb();
    expect(await db.suppression.findFirst({ where: { tenantId: t.id, email: m.email } })).toMatchObject({ reason: 'UNSUBSCRIBE', source: 'one-click' });
    expect((await db.subscriber.findUniqueOrThrow({ where: { id: m.subscriberId } })).status).toBe('UNSUBSCRIBED');
    expect((await db.subscription.findFirstOrThrow({ where: { subscriberId: m.subscriberId } })).status).toBe('UNSUBSCRIBED');
    expect(await db.event.count({ where: { messageId: m.id, type: 'UNSUBSCRIBE' } })).toBe(1);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).unsubscribeCount).toBe(1);
    // The other recipient is untouched.
    expect((await db.subscriber.findUniqueOrThrow({ where: { id: other.subscriberId } })).status).toBe('ACTIVE');

    // The recipient's own click racing the provider's one-click POST: counted once.
    const again = await Promise.all([
      unsubscribeByToken(token, { source: 'link' }),
      unsubscribeByToken(token, { source: 'one-click' }),
    ]);
    expect(again.map((a) => a.changed)).toEqual([false, false]);
    expect(await db.event.count({ where: { type: 'UNSUBSCRIBE' } })).toBe(1);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).unsubscribeCount).toBe(1);
    expect((await describeUnsubscribeToken(token)).alreadyUnsubscribed).toBe(true);
  });

  it('two concurrent first requests still count once', async () => {
    const t = await seedTenant('Acme');
    const { campaign, messages } = await seedCampaign(t.id, { recipients: 1 });
    const token = unsubscribeToken(messages[0]!.id);
    const rs = await Promise.all([unsubscribeByToken(token, { source: 'link' }), unsubscribeByToken(token, { source: 'one-click' })]);
    expect(rs.filter((r) => r.changed)).toHaveLength(1);
    expect((await getDb().campaign.findUniqueOrThrow({ where: { id: campaign.id } })).unsubscribeCount).toBe(1);
  });

  it('refuses tampered tokens and tokens of another purpose; cannot reach another recipient', async () => {
    const t = await seedTenant('Acme');
    const { messages } = await seedCampaign(t.id, { recipients: 2 });
    const [m, victim] = messages as [typeof messages[0], typeof messages[0]];
    const token = unsubscribeToken(m.id);
    const [payload, mac] = token.split('.') as [string, string];
    // Swap the message id inside the payload but keep the signature.
    const forged = `${Buffer.from(JSON.stringify({ m: victim.id })).toString('base64url')}.${mac}`;
    const flipped = `${payload}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`;
    const openPurpose = signToken('open', { m: victim.id });
    for (const bad of [forged, flipped, openPurpose, 'garbage', '']) {
      expect(await code(unsubscribeByToken(bad, { source: 'link' }))).toBe('NOT_FOUND');
      expect(await code(describeUnsubscribeToken(bad))).toBe('NOT_FOUND');
    }
    expect(await getDb().suppression.count()).toBe(0);
    expect((await getDb().subscriber.findUniqueOrThrow({ where: { id: victim.subscriberId } })).status).toBe('ACTIVE');
  });

  it('keeps a stronger status and suppression reason', async () => {
    const t = await seedTenant('Acme');
    const { messages } = await seedCampaign(t.id, { recipients: 1 });
    const m = messages[0]!;
    await getDb().subscriber.update({ where: { id: m.subscriberId }, data: { status: 'COMPLAINED' } });
    const { sha256 } = await import('../../src/crypto.ts');
    await getDb().suppression.create({ data: { tenantId: t.id, email: m.email, emailHash: sha256(m.email), reason: 'COMPLAINT' } });
    await unsubscribeByToken(unsubscribeToken(m.id), { source: 'mailto' });
    expect((await getDb().subscriber.findUniqueOrThrow({ where: { id: m.subscriberId } })).status).toBe('COMPLAINED');
    expect((await getDb().suppression.findFirstOrThrow()).reason).toBe('COMPLAINT');
  });
});
