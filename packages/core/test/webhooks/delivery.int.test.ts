// Outgoing webhooks end to end on real Postgres, Redis (BullMQ) and a real HTTP receiver on
// loopback: the signature verified by an independent receiver (the standardwebhooks
// package), rotation overlap, the outbox inside a transaction, retries with exponential
// backoff through BullMQ, and disabling an endpoint that fails for the whole window.
import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { getDb } from '@rundbrief/db';
import { seedTwoTenants } from '@rundbrief/db/testing';
import { getQueue, QUEUES } from '../../src/index.ts';
import { emitWebhookEvent, kickWebhookDispatch } from '../../src/webhooks/events.ts';
import { deliverWebhook } from '../../src/webhooks/deliver.ts';
import { resendWebhookDelivery, rotateWebhookSecret } from '../../src/webhooks/endpoints.ts';
import { webhookSettings } from '../../src/webhooks/settings.ts';
import { apiCtx, deliveriesOf, makeEndpoint, startReceiver, startWebhookWorker, until, webhookTestHooks } from './helpers.ts';

const ENV = { WEBHOOK_ALLOW_HOSTS: '127.0.0.1', WEBHOOK_RETRY_BASE_MS: '300', WEBHOOK_RETRY_MAX_MS: '5000', WEBHOOK_FAILURE_WINDOW_MS: '86400000', WEBHOOK_TIMEOUT_MS: '2000', WEBHOOK_SWEEP_MS: '500' };
const cleanups = webhookTestHooks(ENV);

describe('webhook delivery', () => {
  it('is signed so that an independent Standard Webhooks receiver verifies it; the body is type, timestamp, data', async () => {
    const { a } = await seedTwoTenants();
    const rx = await startReceiver();
    cleanups.push(rx.close);
    const { endpoint, secret } = await makeEndpoint(a.id, rx.url, ['subscriber.confirmed']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    // Encrypted at rest: the stored row does not contain the secret.
    const row = await getDb().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row.secretEnc).not.toContain(secret.slice(6, 20));

    expect(await emitWebhookEvent(a.id, 'subscriber.confirmed', { subscriberId: 's1', email: 'anna@example.org' })).toBe(1);
    const [d] = await deliveriesOf(endpoint.id);
    expect(await deliverWebhook(d!.id)).toMatchObject({ kind: 'succeeded', status: 200 });

    expect(rx.received).toHaveLength(1);
    const r = rx.received[0]!;
    expect(r.headers['webhook-id']).toBe(d!.id);
    expect(Math.abs(Number(r.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(10);
    const verified = new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as { type: string; timestamp: string; data: Record<string, unknown> };
    expect(verified).toEqual({ type: 'subscriber.confirmed', timestamp: expect.any(String), data: { subscriberId: 's1', email: 'anna@example.org' } });
    // A wrong secret or a changed body does not verify.
    expect(() => new Webhook('whsec_' + Buffer.alloc(32, 7).toString('base64')).verify(r.body, r.headers as Record<string, string>)).toThrow();
    expect(() => new Webhook(secret).verify(r.body.replace('anna', 'eve'), r.headers as Record<string, string>)).toThrow();

    const done = (await deliveriesOf(endpoint.id))[0]!;
    expect(done).toMatchObject({ status: 'SUCCEEDED', attempts: 1, responseStatus: 200, responseBody: 'ok', error: null, nextAttemptAt: null });
    expect(done.attemptLog).toMatchObject([{ attempt: 1, responseStatus: 200, responseBody: 'ok', error: null }]);
  });

  it('signs with both secrets during a rotation overlap, then with the new one only', async () => {
    const { a } = await seedTwoTenants();
    const rx = await startReceiver();
    cleanups.push(rx.close);
    const { endpoint, secret: oldSecret } = await makeEndpoint(a.id, rx.url, ['campaign.finished']);
    const { secret: newSecret } = await rotateWebhookSecret(apiCtx(a.id), endpoint.id);
    expect(newSecret).not.toBe(oldSecret);

    await emitWebhookEvent(a.id, 'campaign.finished', { campaignId: 'c1' });
    await deliverWebhook((await deliveriesOf(endpoint.id))[0]!.id);
    const during = rx.received[0]!;
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const s of [oldSecret, newSecret]) expect(new Webhook(s).verify(during.body, during.headers as Record<string, string>)).toMatchObject({ type: 'campaign.finished' });

    // The overlap ends: the old secret no longer verifies.
    await getDb().webhookEndpoint.update({ where: { id: endpoint.id }, data: { previousSecretExpiresAt: new Date(Date.now() - 1000) } });
    await emitWebhookEvent(a.id, 'campaign.finished', { campaignId: 'c2' });
    await deliverWebhook((await deliveriesOf(endpoint.id))[1]!.id);
    const after = rx.received[1]!;
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(new Webhook(newSecret).verify(after.body, after.headers as Record<string, string>)).toMatchObject({ data: { campaignId: 'c2' } });
    expect(() => new Webhook(oldSecret).verify(after.body, after.headers as Record<string, string>)).toThrow();
  });

  it('records events only for subscribed, enabled endpoints of the tenant, and nothing when the change rolls back', async () => {
    const { a, b } = await seedTwoTenants();
    const { endpoint } = await makeEndpoint(a.id, 'https://hooks.example.com/a', ['subscriber.created']);
    await makeEndpoint(b.id, 'https://hooks.example.com/b', ['subscriber.created']);
    expect(await emitWebhookEvent(a.id, 'subscriber.erased', { subscriberId: 'x' })).toBe(0);
    expect(await getDb().webhookEvent.count()).toBe(0);

    await expect(getDb().$transaction(async (tx) => {
      await emitWebhookEvent(a.id, 'subscriber.created', { subscriberId: 'rolled-back' }, tx);
      throw new Error('the change fails');
    })).rejects.toThrow('the change fails');
    expect(await getDb().webhookEvent.count()).toBe(0);

    await getDb().webhookEndpoint.update({ where: { id: endpoint.id }, data: { enabled: false } });
    expect(await emitWebhookEvent(a.id, 'subscriber.created', { subscriberId: 'y' })).toBe(0);
    await getDb().webhookEndpoint.update({ where: { id: endpoint.id }, data: { enabled: true } });
    expect(await emitWebhookEvent(a.id, 'subscriber.created', { subscriberId: 'y' })).toBe(1);
    expect(await getDb().webhookDelivery.count({ where: { tenantId: b.id } })).toBe(0);
  });

  it('retries through BullMQ with exponential backoff until the endpoint answers 2xx; each attempt is logged', async () => {
    const { a } = await seedTwoTenants();
    const rx = await startReceiver((n) => (n <= 3 ? { status: 500, body: `down ${n} ` + 'x'.repeat(3000) } : { status: 204 }));
    cleanups.push(rx.close);
    const worker = startWebhookWorker();
    cleanups.push(() => worker.close());
    const { endpoint } = await makeEndpoint(a.id, rx.url, ['message.bounced']);
    await emitWebhookEvent(a.id, 'message.bounced', { messageId: 'm1' });
    await kickWebhookDispatch();

    const d = await until('the delivery to succeed', async () => {
      const [x] = await deliveriesOf(endpoint.id);
      return x?.status === 'SUCCEEDED' ? x : null;
    });
    expect(d.attempts).toBe(4);
    expect(d.attemptLog.map((x) => x.responseStatus)).toEqual([500, 500, 500, 204]);
    expect(d.attemptLog[0]!.responseBody).toHaveLength(1000);
    expect(d.attemptLog[0]!.responseBody).toMatch(/^down 1 x+$/);
    expect(d.attemptLog[0]!.error).toBe('HTTP 500');
    // Backoff 300 ms, 600 ms, 1200 ms: every gap at least its delay, each longer than the last.
    const gaps = rx.received.slice(1).map((r, i) => r.at - rx.received[i]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(300);
    expect(gaps[1]).toBeGreaterThanOrEqual(600);
    expect(gaps[2]).toBeGreaterThanOrEqual(1200);
    expect(new Set(rx.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([d.id]));
    expect((await getDb().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).failingSince).toBeNull();
  });

  it('disables an endpoint that fails for the whole window, fails what waits and tells the admins; resend after enabling works', async () => {
    Object.assign(process.env, { WEBHOOK_FAILURE_WINDOW_MS: '2500', WEBHOOK_RETRY_BASE_MS: '200', WEBHOOK_RETRY_MAX_MS: '800' });
    const { a } = await seedTwoTenants();
    // A German-speaking admin: the notice comes in the user's own language (issue 14).
    const admin = await getDb().user.create({ data: { email: 'admin@a.example', passwordHash: 'x', locale: 'de' } });
    await getDb().membership.create({ data: { tenantId: a.id, userId: admin.id, role: 'ADMIN' } });
    let up = false;
    const rx = await startReceiver(() => (up ? { status: 200, body: 'back' } : { status: 503, body: 'maintenance' }));
    cleanups.push(rx.close);
    const worker = startWebhookWorker();
    cleanups.push(() => worker.close());
    const { endpoint } = await makeEndpoint(a.id, rx.url, ['subscriber.created']);
    await emitWebhookEvent(a.id, 'subscriber.created', { subscriberId: 's1' });
    await kickWebhookDispatch();

    const disabled = await until('the endpoint to be disabled', async () => {
      const e = await getDb().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
      return e.enabled ? null : e;
    });
    expect(disabled.disabledReason).toMatch(/Every delivery failed since/);
    expect(disabled.disabledAt).not.toBeNull();
    const [d] = await deliveriesOf(endpoint.id);
    expect(d).toMatchObject({ status: 'FAILED', responseStatus: 503, responseBody: 'maintenance' });
    expect(d!.attempts).toBeGreaterThanOrEqual(3);
    // The alert and the admins' mail follow the disable (the worker may still be on it).
    await until('the alert', async () => (await getDb().alert.count({ where: { tenantId: a.id, kind: 'WEBHOOK_DISABLED' } })) === 1);
    const mails = await until('the mail to the admin', async () => {
      const jobs = (await getQueue(QUEUES.systemMail).getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => j.name === 'WEBHOOK_DISABLED');
      return jobs.length ? jobs : null;
    });
    expect(mails.map((j) => j.data.to)).toEqual(['admin@a.example']);
    expect(mails[0]!.data.text).toContain(rx.url);
    expect(mails[0]!.data.subject).toBe('Ein Webhook-Endpunkt wurde deaktiviert');
    expect(mails[0]!.data.text).toContain('Rundbrief konnte keine Webhooks an');
    // The date as German writes it ("seit 7. Dezember 2026, 14:05 UTC"), not ISO.
    expect(mails[0]!.data.text).toMatch(/\(seit \d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) \d{4}, \d{2}:\d{2} UTC\)/);

    // A disabled endpoint gets no new events and refuses a resend until enabled again.
    expect(await emitWebhookEvent(a.id, 'subscriber.created', { subscriberId: 's2' })).toBe(0);
    await expect(resendWebhookDelivery(apiCtx(a.id), d!.id)).rejects.toThrow(/Enable the endpoint/);
    const { updateWebhookEndpoint } = await import('../../src/webhooks/endpoints.ts');
    const enabled = await updateWebhookEndpoint(apiCtx(a.id), endpoint.id, { enabled: true });
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    up = true;
    const before = rx.received.length;
    await resendWebhookDelivery(apiCtx(a.id), d!.id);
    const again = await until('the resend to succeed', async () => {
      const [x] = await deliveriesOf(endpoint.id);
      return x?.status === 'SUCCEEDED' ? x : null;
    });
    expect(again.responseBody).toBe('back');
    expect(rx.received.slice(before).map((r) => r.headers['webhook-id'])).toEqual([d!.id]);
  });

  it('gives up an attempt after the timeout and logs it', async () => {
    process.env.WEBHOOK_TIMEOUT_MS = '300';
    const { a } = await seedTwoTenants();
    const rx = await startReceiver(() => 'hang');
    cleanups.push(rx.close);
    const { endpoint } = await makeEndpoint(a.id, rx.url, ['subscriber.created']);
    await emitWebhookEvent(a.id, 'subscriber.created', { subscriberId: 's1' });
    const [d] = await deliveriesOf(endpoint.id);
    const out = await deliverWebhook(d!.id, webhookSettings());
    expect(out).toMatchObject({ kind: 'retry', attempt: 1 });
    const [x] = await deliveriesOf(endpoint.id);
    expect(x).toMatchObject({ status: 'PENDING', error: 'Timed out after 300 ms', responseStatus: null });
    expect(x!.durationMs).toBeLessThan(2000);
  });

  it('prunes events older than the retention with their log, never one still waiting', async () => {
    const { a } = await seedTwoTenants();
    const { endpoint } = await makeEndpoint(a.id, 'https://hooks.example.com/x', ['subscriber.created']);
    for (const n of [1, 2, 3]) await emitWebhookEvent(a.id, 'subscriber.created', { n });
    const [old, oldPending] = await deliveriesOf(endpoint.id);
    const longAgo = new Date(Date.now() - 31 * 86_400_000);
    await getDb().webhookEvent.updateMany({ where: { id: { in: [old!.eventId, oldPending!.eventId] } }, data: { createdAt: longAgo } });
    await getDb().webhookDelivery.update({ where: { id: old!.id }, data: { status: 'SUCCEEDED' } });
    await getDb().webhookAttempt.create({ data: { deliveryId: old!.id, attempt: 1, responseStatus: 200, durationMs: 5 } });
    const { pruneWebhookLog } = await import('../../src/webhooks/jobs.ts');
    expect(await pruneWebhookLog()).toBe(1);
    const left = (await deliveriesOf(endpoint.id)).map((d) => d.id);
    expect(left).toHaveLength(2);
    expect(left).toContain(oldPending!.id);
    expect(left).not.toContain(old!.id);
    expect(await getDb().webhookAttempt.count()).toBe(0);
  });
});
