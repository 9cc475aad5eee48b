// The webhook delivery routes of the REST API end to end: real Postgres, Redis (BullMQ, the
// webhook worker as apps/worker runs it) and a real HTTP receiver on loopback. The delivery
// log in keyset pages with each delivery's attempts, resend (a new attempt the receiver gets,
// same webhook-id), rotation (the new secret once; during the overlap the receiver verifies
// with either secret), the test event, and the refusals: another tenant's endpoint or
// delivery, a delivery of another endpoint of the same tenant, a malformed id (404, nothing
// changes, nothing is sent) and a key without webhooks:manage (403).
import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { getDb } from '@rundbrief/db';
import { seedTwoTenants } from '@rundbrief/db/testing';
import { generateApiKey, type ApiScope } from '@rundbrief/core';
import { emitWebhookEvent } from '@rundbrief/core/webhooks/events';
import { deliverWebhook } from '@rundbrief/core/webhooks/deliver';
import { GET as deliveries } from '../app/api/v1/webhooks/[id]/deliveries/route.ts';
import { POST as resend } from '../app/api/v1/webhooks/[id]/deliveries/[deliveryId]/resend/route.ts';
import { POST as rotate } from '../app/api/v1/webhooks/[id]/rotate/route.ts';
import { POST as sendTest } from '../app/api/v1/webhooks/[id]/test/route.ts';
import { deliveriesOf, makeEndpoint, startReceiver, startWebhookWorker, until, webhookTestHooks } from '../../../packages/core/test/webhooks/helpers.ts';
import { fromPeer } from './peer.ts';

type P = { id: string; deliveryId?: string };
// Each route types its own params; the calls below pass what its path names.
type Handler = (req: Request, route: never) => Promise<Response>;
type Page = { items: { id: string; type: string; status: string; attempts: number; responseBody: string | null; attemptLog: { attempt: number; responseStatus: number | null; responseBody: string | null; durationMs: number; error: string | null; at: string }[] }[]; nextCursor: string | null };

const ENV = { WEBHOOK_ALLOW_HOSTS: '127.0.0.1', WEBHOOK_RETRY_BASE_MS: '60000', WEBHOOK_FAILURE_WINDOW_MS: '86400000', WEBHOOK_TIMEOUT_MS: '2000', WEBHOOK_SWEEP_MS: '500' };
const cleanups = webhookTestHooks(ENV);

async function makeKey(tenantId: string, scopes: ApiScope[] = ['webhooks:manage']) {
  const { key, prefix, keyHash } = generateApiKey();
  await getDb().apiKey.create({ data: { tenantId, name: 'test', prefix, keyHash, scopes } });
  return key;
}

async function call(h: Handler, key: string, params: P, query = '') {
  const req = new Request(`http://localhost/api/v1/webhooks/${params.id}/x${query}`, { method: h === deliveries ? 'GET' : 'POST', headers: { authorization: `Bearer ${key}`, ...fromPeer('198.51.100.7') } });
  const res = await h(req, { params: Promise.resolve(params) } as never);
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

/** Everything a refused call could have changed: endpoints (secrets included), deliveries, events, attempts, audit. */
async function state() {
  const db = getDb();
  const [endpoints, ds, events, attempts, audit] = await Promise.all([
    db.webhookEndpoint.findMany({ orderBy: { id: 'asc' } }),
    db.webhookDelivery.findMany({ orderBy: { id: 'asc' } }),
    db.webhookEvent.count(), db.webhookAttempt.count(), db.auditLog.count(),
  ]);
  return JSON.stringify({ endpoints, ds, events, attempts, audit });
}


describe('/api/v1/webhooks/{id}: deliveries, resend, rotate, test', () => {
  it('lists the endpoint\'s deliveries newest first in keyset pages, each with its attempts; filters by status', async () => {
    const { a } = await seedTwoTenants();
    // First answer 500 with a long body, then 200.
    const rx = await startReceiver((n) => (n === 1 ? { status: 500, body: 'e'.repeat(3000) } : { status: 200, body: 'ok' }));
    cleanups.push(rx.close);
    const key = await makeKey(a.id);
    const { endpoint } = await makeEndpoint(a.id, rx.url, ['subscriber.created']);
    const { endpoint: other } = await makeEndpoint(a.id, 'https://hooks.example.com/other', ['subscriber.created']);
    for (let i = 0; i < 5; i++) await emitWebhookEvent(a.id, 'subscriber.created', { subscriberId: `s${i}` });
    const made = await deliveriesOf(endpoint.id);
    expect(made).toHaveLength(5);
    // The oldest delivery: one failed attempt, then (due again at once) a successful one.
    const first = made[0]!;
    expect(await deliverWebhook(first.id)).toMatchObject({ kind: 'retry' });
    await getDb().webhookDelivery.update({ where: { id: first.id }, data: { nextAttemptAt: new Date() } });
    expect(await deliverWebhook(first.id)).toMatchObject({ kind: 'succeeded' });

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await call(deliveries, key, { id: endpoint.id }, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      const page = r.json as Page;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    // Every delivery once, newest first, none of the other endpoint's.
    const newestFirst = [...made].sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (y.id > x.id ? 1 : -1)).map((d) => d.id);
    expect(seen).toEqual(newestFirst);
    expect((await deliveriesOf(other.id)).length).toBe(5);

    const ok = (await call(deliveries, key, { id: endpoint.id }, '?status=SUCCEEDED')).json as Page;
    expect(ok.nextCursor).toBeNull();
    expect(ok.items).toHaveLength(1);
    const d = ok.items[0]!;
    expect(d).toMatchObject({ id: first.id, type: 'subscriber.created', status: 'SUCCEEDED', attempts: 2, responseBody: 'ok' });
    expect(d.attemptLog).toMatchObject([
      { attempt: 2, responseStatus: 200, responseBody: 'ok', error: null },
      { attempt: 1, responseStatus: 500, error: 'HTTP 500' },
    ]);
    expect(d.attemptLog[1]!.responseBody).toBe('e'.repeat(1000));
    for (const x of d.attemptLog) {
      expect(x.durationMs).toBeGreaterThanOrEqual(0);
      expect(Date.parse(x.at)).toBeGreaterThan(Date.now() - 60_000);
    }
    const pending = (await call(deliveries, key, { id: endpoint.id }, '?status=PENDING&limit=100')).json as Page;
    expect(pending.items.map((x) => x.id).sort()).toEqual(made.slice(1).map((x) => x.id).sort());

    // A bad filter or cursor is a 422 naming it.
    expect(await call(deliveries, key, { id: endpoint.id }, '?status=LOST')).toMatchObject({ status: 422, json: { error: { code: 'VALIDATION', fields: { status: [expect.any(String)] } } } });
    expect(await call(deliveries, key, { id: endpoint.id }, '?cursor=bm9wZQ')).toMatchObject({ status: 422, json: { error: { message: 'Invalid page cursor.' } } });
    expect((await call(deliveries, key, { id: endpoint.id }, '?limit=101')).status).toBe(422);
  });

  it('resend: the delivery is attempted again (same webhook-id) and the receiver gets it', async () => {
    const { a } = await seedTwoTenants();
    const rx = await startReceiver((n) => (n === 1 ? { status: 503, body: 'down' } : { status: 204 }));
    cleanups.push(rx.close);
    const worker = startWebhookWorker();
    cleanups.push(() => worker.close());
    const key = await makeKey(a.id);
    const { endpoint } = await makeEndpoint(a.id, rx.url, ['campaign.finished']);
    await emitWebhookEvent(a.id, 'campaign.finished', { campaignId: 'c1' });
    const [d] = await deliveriesOf(endpoint.id);
    expect(await deliverWebhook(d!.id)).toMatchObject({ kind: 'retry' });
    // Its next attempt would be a minute away: the resend makes it due now.
    const r = await call(resend, key, { id: endpoint.id, deliveryId: d!.id });
    expect(r).toMatchObject({ status: 202, json: { deliveryId: d!.id } });

    await until('the resent attempt', async () => rx.received.length >= 2);
    expect(rx.received[1]!.headers['webhook-id']).toBe(d!.id);
    const after = await until('the delivery to succeed', async () => {
      const [x] = await deliveriesOf(endpoint.id);
      return x?.status === 'SUCCEEDED' ? x : null;
    });
    expect(after.attemptLog.map((x) => [x.attempt, x.responseStatus])).toEqual([[1, 503], [2, 204]]);
    expect(await getDb().auditLog.count({ where: { tenantId: a.id, action: 'webhook.resent' } })).toBe(1);
    const page = (await call(deliveries, key, { id: endpoint.id })).json as Page;
    expect(page.items[0]).toMatchObject({ id: d!.id, status: 'SUCCEEDED', attempts: 2 });
  });

  it('rotate answers the new secret once; during the overlap the receiver verifies the test event with either secret', async () => {
    const { a } = await seedTwoTenants();
    const rx = await startReceiver();
    cleanups.push(rx.close);
    const worker = startWebhookWorker();
    cleanups.push(() => worker.close());
    const key = await makeKey(a.id);
    const { endpoint, secret: oldSecret } = await makeEndpoint(a.id, rx.url, ['subscriber.created']);

    const r = await call(rotate, key, { id: endpoint.id });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const { secret: newSecret, previousSecretExpiresAt } = r.json as { secret: string; previousSecretExpiresAt: string };
    expect(newSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(newSecret).not.toBe(oldSecret);
    expect(Date.parse(previousSecretExpiresAt)).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    const row = await getDb().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row.secretEnc).not.toContain(newSecret.slice(6, 20));
    expect(row.previousSecretEnc).not.toBeNull();

    const t = await call(sendTest, key, { id: endpoint.id });
    expect(t.status).toBe(202);
    const deliveryId = (t.json as { deliveryId: string }).deliveryId;
    await until('the test event', async () => rx.received.length >= 1);
    const got = rx.received[0]!;
    expect(got.headers['webhook-id']).toBe(deliveryId);
    expect(String(got.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const s of [oldSecret, newSecret]) {
      expect(new Webhook(s).verify(got.body, got.headers as Record<string, string>)).toMatchObject({ type: 'webhook.test', data: { endpointId: endpoint.id } });
    }
    expect(() => new Webhook('whsec_' + Buffer.alloc(32, 7).toString('base64')).verify(got.body, got.headers as Record<string, string>)).toThrow();
    // The secret is never answered again.
    const page = await call(deliveries, key, { id: endpoint.id });
    expect(JSON.stringify(page.json)).not.toContain(newSecret);
    expect((page.json as Page).items).toMatchObject([{ id: deliveryId, type: 'webhook.test' }]);
  });

  it('another tenant\'s endpoint or delivery, another endpoint\'s delivery, a malformed id: 404, nothing changes, nothing is sent', async () => {
    const { a, b } = await seedTwoTenants();
    const rx = await startReceiver();
    cleanups.push(rx.close);
    const worker = startWebhookWorker();
    cleanups.push(() => worker.close());
    const keyA = await makeKey(a.id);
    const keyB = await makeKey(b.id);
    const { endpoint: epA } = await makeEndpoint(a.id, rx.url, ['subscriber.created']);
    const { endpoint: epA2 } = await makeEndpoint(a.id, `${rx.url}/second`, ['campaign.finished']);
    const { endpoint: epB } = await makeEndpoint(b.id, rx.url, ['subscriber.created']);
    await emitWebhookEvent(a.id, 'subscriber.created', { subscriberId: 'a1' });
    await emitWebhookEvent(b.id, 'subscriber.created', { subscriberId: 'b1' });
    const [dA] = await deliveriesOf(epA.id);
    const [dB] = await deliveriesOf(epB.id);
    // A's delivery has failed for good: a resend would make it due and send it.
    await getDb().webhookDelivery.update({ where: { id: dA!.id }, data: { status: 'FAILED', nextAttemptAt: null, attempts: 3 } });
    await getDb().webhookDelivery.update({ where: { id: dB!.id }, data: { status: 'FAILED', nextAttemptAt: null, attempts: 3 } });
    const before = await state();

    const refused: [string, Handler, string, P][] = [
      ['B lists A\'s endpoint', deliveries, keyB, { id: epA.id }],
      ['B resends A\'s delivery under A\'s endpoint', resend, keyB, { id: epA.id, deliveryId: dA!.id }],
      ['B resends A\'s delivery under its own endpoint', resend, keyB, { id: epB.id, deliveryId: dA!.id }],
      ['A resends its delivery under its other endpoint', resend, keyA, { id: epA2.id, deliveryId: dA!.id }],
      ['A resends B\'s delivery under its own endpoint', resend, keyA, { id: epA.id, deliveryId: dB!.id }],
      ['B rotates A\'s secret', rotate, keyB, { id: epA.id }],
      ['B sends a test event to A\'s endpoint', sendTest, keyB, { id: epA.id }],
      ['malformed endpoint id', rotate, keyA, { id: 'not-a-uuid' }],
      ['malformed endpoint id (list)', deliveries, keyA, { id: `${epA.id}' OR 1=1` }],
      ['malformed delivery id', resend, keyA, { id: epA.id, deliveryId: '../../x' }],
    ];
    const answers: Record<string, string> = {};
    for (const [label, h, key, params] of refused) {
      const r = await call(h, key, params);
      const err = (r.json as { error?: { code: string; message: string } }).error;
      answers[label] = `${r.status} ${err?.code ?? ''} ${/not found/.test(err?.message ?? '') ? 'says not found' : ''}`;
    }
    expect(answers).toEqual(Object.fromEntries(refused.map(([label]) => [label, '404 NOT_FOUND says not found'])));
    // B's own endpoint: its list names none of A's deliveries.
    const own = (await call(deliveries, keyB, { id: epB.id })).json as Page;
    expect(own.items.map((x) => x.id)).toEqual([dB!.id]);
    await new Promise((r) => setTimeout(r, 1500)); // a sweep of the worker's
    expect(await state()).toBe(before);
    expect(rx.received).toHaveLength(0);
  });

  it('a key without webhooks:manage gets 403 on every route, and nothing changes', async () => {
    const { a } = await seedTwoTenants();
    const rx = await startReceiver();
    cleanups.push(rx.close);
    const key = await makeKey(a.id, ['lists:read', 'lists:write', 'subscribers:read', 'subscribers:write', 'campaigns:read', 'campaigns:write', 'events:read']);
    const { endpoint } = await makeEndpoint(a.id, rx.url, ['subscriber.created']);
    await emitWebhookEvent(a.id, 'subscriber.created', { subscriberId: 'a1' });
    const [d] = await deliveriesOf(endpoint.id);
    await getDb().webhookDelivery.update({ where: { id: d!.id }, data: { status: 'FAILED', nextAttemptAt: null } });
    const before = await state();
    for (const [h, params] of [[deliveries, { id: endpoint.id }], [resend, { id: endpoint.id, deliveryId: d!.id }], [rotate, { id: endpoint.id }], [sendTest, { id: endpoint.id }]] as [Handler, P][]) {
      expect(await call(h, key, params)).toMatchObject({ status: 403, json: { error: { code: 'FORBIDDEN', message: expect.stringContaining('webhooks:manage') } } });
    }
    expect(await state()).toBe(before);
    expect(rx.received).toHaveLength(0);
  });
});
