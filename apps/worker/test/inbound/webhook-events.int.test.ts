// Webhook events of the feedback loop, through real inbound SMTP and the batched apply:
// DSNs become message.bounced events written set-based by the batch's own statement (a
// delay warning is no bounce), an ARF report becomes message.complained plus the
// suppression writer's subscriber.unsubscribed; nothing for a tenant without endpoints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verpAddress } from '@rundbrief/core';
import { createWebhookEndpoint } from '@rundbrief/core/webhooks/endpoints';
import { getDb } from '@rundbrief/db';
import { configureReporters, deliver, deliverMany, dsn, seedAudience, seedSentMessage, seedSubscriber, useInboundServer, waitFor } from './fixtures.ts';

const db = getDb();
const inbound = useInboundServer();
let port: number;
beforeAll(() => { port = inbound.port; });
afterAll(() => db.$disconnect());

const apiCtx = (tenantId: string) => ({ tenantId, userId: null, role: null, actor: 'api-key:test' });
const processed = async () => {
  const rows = await db.inboundMessage.findMany();
  return rows.length > 0 && rows.every((r) => r.status !== 'PENDING') ? rows : null;
};

describe('webhook events from inbound feedback', () => {
  it('a batch of DSNs records one message.bounced per bounce (not for a delay warning), only for the tenant with an endpoint', async () => {
    const { tenant, list } = await seedAudience();
    const other = await seedAudience();
    await createWebhookEndpoint(apiCtx(tenant.id), { url: 'https://hooks.example.com/rb', events: ['message.bounced'] });
    const subs = await Promise.all([0, 1, 2].map(() => seedSubscriber(tenant.id, [list.id])));
    const msgs = await Promise.all(subs.map((s) => seedSentMessage(tenant.id, s)));
    const foreign = await seedSentMessage(other.tenant.id, await seedSubscriber(other.tenant.id, [other.list.id]));
    await deliverMany(port, [
      { to: verpAddress(msgs[0]!.message.id), raw: dsn({ recipient: subs[0]!.email, status: '5.1.1', diagnostic: '550 5.1.1 User unknown' }) },
      { to: verpAddress(msgs[1]!.message.id), raw: dsn({ recipient: subs[1]!.email, status: '4.2.2', diagnostic: '452 4.2.2 Mailbox full' }) },
      { to: verpAddress(msgs[2]!.message.id), raw: dsn({ recipient: subs[2]!.email, status: '4.4.7', diagnostic: 'still trying', action: 'delayed' }) },
      { to: verpAddress(foreign.message.id), raw: dsn({ recipient: foreign.message.email, status: '5.1.1', diagnostic: '550 5.1.1 User unknown' }) },
    ]);
    await waitFor(processed, 10_000);

    const events = await db.webhookEvent.findMany({ orderBy: { createdAt: 'asc' } });
    expect(events.every((e) => e.tenantId === tenant.id && e.type === 'message.bounced')).toBe(true);
    const byMessage = new Map(events.map((e) => [(e.data as { messageId: string }).messageId, e.data as Record<string, unknown>]));
    expect([...byMessage.keys()].sort()).toEqual([msgs[0]!.message.id, msgs[1]!.message.id].sort());
    expect(byMessage.get(msgs[0]!.message.id)).toMatchObject({ campaignId: msgs[0]!.campaign.id, subscriberId: subs[0]!.id, email: subs[0]!.email, category: 'hard', status: '5.1.1' });
    expect(byMessage.get(msgs[1]!.message.id)).toMatchObject({ category: 'soft' });
    expect(await db.webhookDelivery.count({ where: { tenantId: tenant.id, status: 'PENDING' } })).toBe(2);
  });

  it('an ARF complaint records message.complained and subscriber.unsubscribed', async () => {
    await configureReporters();
    const { tenant, list, list2 } = await seedAudience();
    await createWebhookEndpoint(apiCtx(tenant.id), { url: 'https://hooks.example.com/rb', events: ['message.complained', 'subscriber.unsubscribed'] });
    const sub = await seedSubscriber(tenant.id, [list.id, list2.id]);
    const { message, campaign } = await seedSentMessage(tenant.id, sub);
    const arf = [
      'From: feedback@isp.example', 'To: fbl@bounces.rundbrief.localhost', 'Subject: FW: complaint', 'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=feedback-report; boundary="F"', '',
      '--F', 'Content-Type: text/plain', '', 'This is an email abuse report.', '',
      '--F', 'Content-Type: message/feedback-report', '', 'Feedback-Type: abuse', 'User-Agent: ISP-FBL/1.0', 'Version: 1', '',
      '--F', 'Content-Type: message/rfc822', '', `Return-Path: <${verpAddress(message.id)}>`, `To: ${sub.email}`, '', 'Hello', '--F--', '',
    ].join('\r\n');
    expect((await deliver(port, 'fbl@bounces.rundbrief.localhost', arf, 'feedback@isp.example')).ok).toBe(true);
    await waitFor(processed, 10_000);
    const events = await db.webhookEvent.findMany({ orderBy: { type: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['message.complained', 'subscriber.unsubscribed']);
    expect(events[0]!.data).toMatchObject({ messageId: message.id, campaignId: campaign.id, subscriberId: sub.id, email: sub.email, feedbackType: 'abuse' });
    expect(events[1]!.data).toMatchObject({ subscriberId: sub.id, scope: 'all', reason: 'COMPLAINT', source: 'fbl' });
    expect((events[1]!.data as { listIds: string[] }).listIds.sort()).toEqual([list.id, list2.id].sort());
  });
});
