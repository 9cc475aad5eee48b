// Webhook delivery and redirects, on real Postgres, Redis (BullMQ) and real HTTP receivers on
// loopback: a 301/302/303 would turn the POST into a GET (and drop the signed body), so it is
// not followed; the attempt is logged as failed with the reason and retried like any other
// failure. 307/308 keep the POST and are followed (each hop re-checked by the address guard:
// address-guard.int.test.ts).
import { describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { seedTwoTenants } from '@rundbrief/db/testing';
import { emitWebhookEvent, kickWebhookDispatch } from '../../src/webhooks/events.ts';
import { deliverWebhook } from '../../src/webhooks/deliver.ts';
import { retryDelayMs, webhookSettings } from '../../src/webhooks/settings.ts';
import { deliveriesOf, makeEndpoint, startReceiver, startWebhookWorker, until, webhookTestHooks } from './helpers.ts';

const ENV = { WEBHOOK_ALLOW_HOSTS: '127.0.0.1', WEBHOOK_RETRY_BASE_MS: '300', WEBHOOK_RETRY_MAX_MS: '5000', WEBHOOK_FAILURE_WINDOW_MS: '86400000', WEBHOOK_TIMEOUT_MS: '2000', WEBHOOK_SWEEP_MS: '500' };
const cleanups = webhookTestHooks(ENV);

describe('webhook delivery and redirects', () => {
  it.each([301, 302, 303])('a %i is not followed: a failed attempt with the reason, retried with the usual backoff', async (code) => {
    const { a } = await seedTwoTenants();
    // Where the redirect points: an allowed, answering receiver, so only the rule keeps us away.
    const target = await startReceiver();
    cleanups.push(target.close);
    const rx = await startReceiver(() => ({ status: code, body: 'moved', headers: { location: target.url } }));
    cleanups.push(rx.close);
    const { endpoint } = await makeEndpoint(a.id, rx.url, ['subscriber.created']);
    await emitWebhookEvent(a.id, 'subscriber.created', { subscriberId: 's1' });
    const [d] = await deliveriesOf(endpoint.id);

    const reason = `Redirect ${code} not followed (only 307/308 keep the POST)`;
    const t0 = Date.now();
    const first = await deliverWebhook(d!.id);
    expect(first).toMatchObject({ kind: 'retry', attempt: 1 });
    // The same backoff as any failure: the first retry after WEBHOOK_RETRY_BASE_MS.
    const wait = (first as { nextAttemptAt: Date }).nextAttemptAt.getTime() - t0;
    expect(wait).toBeGreaterThanOrEqual(retryDelayMs(1, webhookSettings()) - 50);
    expect(wait).toBeLessThan(retryDelayMs(1, webhookSettings()) + 2000);
    expect(rx.received).toHaveLength(1);
    expect(target.received).toHaveLength(0);

    let row = (await deliveriesOf(endpoint.id))[0]!;
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1, responseStatus: code, responseBody: 'moved', error: reason });
    expect(row.attemptLog).toMatchObject([{ attempt: 1, responseStatus: code, responseBody: 'moved', error: reason }]);
    // The failure streak of the endpoint starts as with any failed attempt.
    expect((await getDb().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).failingSince).not.toBeNull();

    // The retry, once due, is another failed attempt of the same kind; the backoff doubles.
    await getDb().webhookDelivery.update({ where: { id: d!.id }, data: { nextAttemptAt: new Date() } });
    expect(await deliverWebhook(d!.id)).toMatchObject({ kind: 'retry', attempt: 2, delayMs: retryDelayMs(2, webhookSettings()) });
    row = (await deliveriesOf(endpoint.id))[0]!;
    expect(row.attemptLog.map((x) => [x.attempt, x.responseStatus, x.error])).toEqual([[1, code, reason], [2, code, reason]]);
    expect(target.received).toHaveLength(0);
  });

  it('through the worker: a 302 is retried by BullMQ like any failure and succeeds once the endpoint answers 2xx', async () => {
    const { a } = await seedTwoTenants();
    const rx = await startReceiver((n) => (n === 1 ? { status: 302, headers: { location: '/elsewhere' } } : { status: 204 }));
    cleanups.push(rx.close);
    const worker = startWebhookWorker();
    cleanups.push(() => worker.close());
    const { endpoint } = await makeEndpoint(a.id, rx.url, ['subscriber.created']);
    await kickWebhookDispatch(await emitWebhookEvent(a.id, 'subscriber.created', { subscriberId: 's2' }));

    const done = await until('the retried delivery succeeded', async () => {
      const [row] = await deliveriesOf(endpoint.id);
      return row?.status === 'SUCCEEDED' ? row : null;
    });
    expect(done.attemptLog.map((x) => [x.attempt, x.responseStatus, x.error])).toEqual([
      [1, 302, 'Redirect 302 not followed (only 307/308 keep the POST)'],
      [2, 204, null],
    ]);
    // Both attempts went to the endpoint's own URL, as POSTs; nothing followed the Location.
    expect(rx.received.map((r) => r.url)).toEqual(['/hooks', '/hooks']);
    expect(rx.received[1]!.at - rx.received[0]!.at).toBeGreaterThanOrEqual(retryDelayMs(1, webhookSettings()) - 50);
  });

  it('a 307 without a Location is a failed attempt that says so', async () => {
    const { a } = await seedTwoTenants();
    const rx = await startReceiver(() => ({ status: 307 }));
    cleanups.push(rx.close);
    const { endpoint } = await makeEndpoint(a.id, rx.url, ['subscriber.created']);
    await emitWebhookEvent(a.id, 'subscriber.created', { subscriberId: 's3' });
    const [d] = await deliveriesOf(endpoint.id);
    expect(await deliverWebhook(d!.id)).toMatchObject({ kind: 'retry', attempt: 1 });
    expect((await deliveriesOf(endpoint.id))[0]!.attemptLog).toMatchObject([{ attempt: 1, responseStatus: 307, error: 'Redirect 307 without a Location header' }]);
  });
});
