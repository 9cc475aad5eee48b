// Test helpers for driving the send engine in process: a started campaign on the real
// Postgres, and a runtime whose SMTP transport answers from a script, whose clock is fixed
// and whose queue is a list, with the real Redis for the shaping counters.
import { generateKeyPairSync } from 'node:crypto';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { compileCampaign } from '@rundbrief/mailer/render/index';
import type { SendResult } from '@rundbrief/mailer/transport/pool';
import type { Redis } from 'ioredis';
import { afterAll, beforeEach, expect } from 'vitest';
import { assertSendable } from '../../src/authoring/sendable.ts';
import { encryptSecret } from '../../src/crypto.ts';
import { closeQueues } from '../../src/jobs/queue.ts';
import { createRedis } from '../../src/redis.ts';
import { DomainGate } from '../../src/sending/limits.ts';
import type { PoolIp } from '../../src/sending/pool-select.ts';
import type { SendRuntime } from '../../src/sending/runtime.ts';
import { requestCampaignSend, startCampaign } from '../../src/sending/start.ts';

/**
 * The hooks every in-process send engine file needs: a clean database before each test, and
 * the Redis connection (returned, for the runtime's shaping counters), the queues and the
 * pool closed at the end.
 */
export function sendEngineTestHooks(): Redis {
  const redis = createRedis('producer', undefined, { enableOfflineQueue: true, maxRetriesPerRequest: 3 });
  beforeEach(truncateAll);
  afterAll(async () => {
    redis.disconnect();
    await closeQueues();
    await getDb().$disconnect();
  });
  return redis;
}

const MJML = `<mjml><mj-body><mj-section><mj-column>
<mj-text>Hallo {{ firstName | "Freund" }}</mj-text>
<mj-text><a href="{{ unsubscribe_url }}">Abmelden</a> · {{ imprint }}</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

/**
 * A tenant with a verified DKIM domain and a campaign to `recipients` (confirmed on one list),
 * started: its messages are QUEUED, returned in the order of `recipients`.
 */
export async function startedCampaign(recipients: string[], sendRatePerMinute = 1_000_000) {
  const db = getDb();
  const suffix = Math.random().toString(36).slice(2, 8);
  const tenant = await db.tenant.create({ data: { name: 'Shop', slug: `shop-${suffix}`, imprint: 'Shop GmbH, Hauptstr. 1, 10115 Berlin', sendRatePerMinute } });
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const domain = await db.senderDomain.create({
    data: {
      tenantId: tenant.id, domain: 'news.shop.example', dkimSelector: 'rb2026', verifiedAt: new Date(), dkimStatus: 'PASS', spfStatus: 'PASS', dmarcStatus: 'PASS',
      dkimPublicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      dkimPrivateKeyEnc: encryptSecret(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    },
  });
  const identity = await db.senderIdentity.create({ data: { tenantId: tenant.id, domainId: domain.id, fromName: 'Shop', localPart: 'news', replyTo: 'hello@news.shop.example' } });
  const list = await db.list.create({ data: { tenantId: tenant.id, name: 'Kunden', optInMode: 'DOUBLE' } });
  await db.subscriber.createMany({ data: recipients.map((email) => ({ tenantId: tenant.id, email })) });
  const subs = await db.subscriber.findMany({ where: { tenantId: tenant.id }, select: { id: true } });
  await db.subscription.createMany({
    data: subs.map((s) => ({ tenantId: tenant.id, listId: list.id, subscriberId: s.id, status: 'CONFIRMED' as const, source: 'IMPORT' as const, requestedAt: new Date(), confirmedAt: new Date() })),
  });
  const campaign = await db.campaign.create({
    data: { tenantId: tenant.id, name: 'Dezember', subject: 'Neuigkeiten', identityId: identity.id, mjml: MJML, lists: { create: [{ listId: list.id }] } },
  });
  await requestCampaignSend({ tenantId: tenant.id }, { campaignId: campaign.id }, { assertSendable });
  expect((await startCampaign({ tenantId: tenant.id }, campaign.id, { compile: compileCampaign, assertSendable })).status).toBe('SENDING');
  const rows = await db.message.findMany({ where: { campaignId: campaign.id }, select: { id: true, email: true } });
  const byEmail = new Map(rows.map((m) => [m.email, m]));
  const messages = recipients.map((email) => byEmail.get(email)!);
  return { tenant, campaign, list, messages };
}

export const IPS: PoolIp[] = [
  { id: '00000000-0000-4000-8000-000000000001', address: '192.0.2.1', heloName: 'mta1.rundbrief.test', status: 'ACTIVE', dailyLimit: null, warmupStartedAt: null },
  { id: '00000000-0000-4000-8000-000000000002', address: '192.0.2.2', heloName: 'mta2.rundbrief.test', status: 'ACTIVE', dailyLimit: null, warmupStartedAt: null },
];

export const ok: SendResult = { ok: true, code: 250, response: '250 2.0.0 queued' };

export type Attempt = { ip: string; from: string; to: string; raw: string };

/**
 * A runtime with a scripted transport (`answer` decides each attempt's result), a clock whose
 * sleeps only advance it, and a list for a queue; `ips` is the sending pool.
 */
export function scriptedRuntime(redis: Redis, answer: (a: Attempt) => SendResult | Promise<SendResult>, ips: PoolIp[] = IPS) {
  const attempts: Attempt[] = [];
  const enqueued: { name: string; payload: unknown; opts: { jobId: string; delay: number } }[] = [];
  let now = Date.now();
  const rt: SendRuntime = {
    transport: {
      async send(ip, envelope, raw, beforeTransaction) {
        // As the pool does: the hand-over hook once a connection is ready, before MAIL FROM.
        if (beforeTransaction && !(await beforeTransaction())) return { ok: false, kind: 'cancelled', code: null, response: 'cancelled' };
        const a = { ip: ip.address, from: envelope.from, to: envelope.to, raw: raw.toString('utf8') };
        attempts.push(a);
        return answer(a);
      },
    },
    clock: { now: () => now, sleep: async (ms) => { now += ms; } },
    enqueue: async (name, payload, opts) => { enqueued.push({ name, payload, opts }); },
    log: { info: () => {}, error: () => {} },
    redis,
    // Fresh shaping keys per runtime: blocks and budgets of one test never leak into the next.
    prefix: `${process.env.QUEUE_PREFIX}:engine:${Math.random().toString(36).slice(2, 8)}`,
    gate: new DomainGate(),
    domainLimits: {},
    inFlight: new Map(),
    liveSenders: 1,
    blockCache: new Map(),
    sendingIps: async () => ips,
    forgetSendingIps: () => {},
  };
  return { rt, attempts, enqueued };
}
