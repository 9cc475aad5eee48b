// Test helpers for webhooks: a real HTTP receiver on loopback (node:http) that records what
// arrives and answers as told, a BullMQ worker for the webhook queue, and an endpoint made
// through the use case.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'bullmq';
import { afterAll, afterEach, beforeEach } from 'vitest';
import { truncateAll } from '@rundbrief/db/testing';
import { getDb } from '@rundbrief/db';
import { closeQueues, coreEnv, createRedis, QUEUES } from '../../src/index.ts';
import { deliverWebhookJob, dispatchWebhooksJob } from '../../src/webhooks/jobs.ts';
import { createWebhookEndpoint } from '../../src/webhooks/endpoints.ts';
import type { WebhookEventType } from '../../src/webhooks/events.ts';

export type Received = { at: number; headers: IncomingHttpHeaders; body: string; url: string };

/** A receiver on `host`; `answer` decides the status (and body) of each request in turn. */
export async function startReceiver(answer: (n: number, r: Received) => { status: number; body?: string; headers?: Record<string, string> } | 'hang' = () => ({ status: 200, body: 'ok' }), host = '127.0.0.1') {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { at: Date.now(), headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), url: req.url ?? '' };
      received.push(r);
      const a = answer(received.length, r);
      if (a === 'hang') return;
      res.writeHead(a.status, { 'content-type': 'text/plain', ...(a.headers ?? {}) });
      res.end(a.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    received, port, url: `http://${host}:${port}/hooks`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A worker for the webhook queue, as apps/worker runs it (dispatch + deliver). */
export function startWebhookWorker() {
  const worker = new Worker(QUEUES.webhooks, async (job) => {
    const def = [dispatchWebhooksJob, deliverWebhookJob].find((d) => d.name === job.name)!;
    return def.handle(def.schema.parse(job.data) as never);
  }, { connection: createRedis('worker'), prefix: coreEnv().QUEUE_PREFIX, concurrency: 4 });
  return worker;
}

export const apiCtx = (tenantId: string) => ({ tenantId, userId: null, role: null, actor: 'api-key:testkey', ip: '198.51.100.1' });

export async function makeEndpoint(tenantId: string, url: string, events: WebhookEventType[] = ['subscriber.created', 'subscriber.confirmed', 'subscriber.unsubscribed', 'subscriber.erased', 'message.bounced', 'message.complained', 'campaign.started', 'campaign.finished', 'campaign.auto_paused']) {
  return createWebhookEndpoint(apiCtx(tenantId), { url, events });
}

export async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const deliveriesOf = (endpointId: string) =>
  getDb().webhookDelivery.findMany({ where: { endpointId }, include: { event: true, attemptLog: { orderBy: { attempt: 'asc' } } }, orderBy: { createdAt: 'asc' } });

/**
 * The hooks every webhook int file needs: a clean database and the webhook settings `env`
 * before each test, the test's cleanups (receivers, workers) after it, and the settings,
 * queues and pool closed at the end. Returns the list a test pushes its cleanups to.
 */
export function webhookTestHooks(env: Record<string, string>): (() => Promise<unknown>)[] {
  const cleanups: (() => Promise<unknown>)[] = [];
  beforeEach(async () => {
    await truncateAll();
    Object.assign(process.env, env);
  });
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  afterAll(async () => {
    for (const k of Object.keys(env)) delete process.env[k];
    await closeQueues();
    await getDb().$disconnect();
  });
  return cleanups;
}
