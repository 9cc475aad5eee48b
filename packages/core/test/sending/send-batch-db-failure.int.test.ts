// A send job whose claim fails in the middle (a real Postgres failure: the claim waits for a
// table another connection holds, and its connection is terminated) stops, but records every
// outcome it already knows: delivered messages end SENT and counted, never left SENDING for
// the lease sweep to list as ambiguous; claimed-but-unsent ones go back to QUEUED.
import { generateKeyPairSync } from 'node:crypto';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { compileCampaign } from '@rundbrief/mailer/render/index';
import pg from 'pg';
import { afterAll, beforeEach, expect, it, onTestFinished } from 'vitest';
import { assertSendable } from '../../src/authoring/sendable.ts';
import { encryptSecret } from '../../src/crypto.ts';
import { closeQueues } from '../../src/jobs/queue.ts';
import { createRedis } from '../../src/redis.ts';
import { processSendBatch } from '../../src/sending/batch.ts';
import { DomainGate } from '../../src/sending/limits.ts';
import type { PoolIp } from '../../src/sending/pool-select.ts';
import type { SendRuntime } from '../../src/sending/runtime.ts';
import { requestCampaignSend, startCampaign } from '../../src/sending/start.ts';

const redis = createRedis('producer', undefined, { enableOfflineQueue: true, maxRetriesPerRequest: 3 });
const db = getDb();

afterAll(async () => {
  redis.disconnect();
  await closeQueues();
  await db.$disconnect();
});

beforeEach(truncateAll);

const MJML = `<mjml><mj-body><mj-section><mj-column>
<mj-text>Hallo {{ firstName | "Freund" }}</mj-text>
<mj-text><a href="{{ unsubscribe_url }}">Abmelden</a> · {{ imprint }}</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

async function startedCampaign(n: number) {
  const suffix = Math.random().toString(36).slice(2, 8);
  const tenant = await db.tenant.create({ data: { name: 'Shop', slug: `shop-${suffix}`, imprint: 'Shop GmbH, Hauptstr. 1, 10115 Berlin', sendRatePerMinute: 1_000_000 } });
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const domain = await db.senderDomain.create({
    data: {
      tenantId: tenant.id, domain: 'news.shop.example', dkimSelector: 'rb2026', verifiedAt: new Date(), dkimStatus: 'PASS', spfStatus: 'PASS', dmarcStatus: 'PASS',
      dkimPublicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      dkimPrivateKeyEnc: encryptSecret(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    },
  });
  const identity = await db.senderIdentity.create({ data: { tenantId: tenant.id, domainId: domain.id, fromName: 'Shop', localPart: 'news' } });
  const list = await db.list.create({ data: { tenantId: tenant.id, name: 'Kunden', optInMode: 'DOUBLE' } });
  await db.subscriber.createMany({ data: Array.from({ length: n }, (_, i) => ({ tenantId: tenant.id, email: `r${i}@a.example` })) });
  const subs = await db.subscriber.findMany({ where: { tenantId: tenant.id }, select: { id: true } });
  await db.subscription.createMany({
    data: subs.map((s) => ({ tenantId: tenant.id, listId: list.id, subscriberId: s.id, status: 'CONFIRMED' as const, source: 'IMPORT' as const, requestedAt: new Date(), confirmedAt: new Date() })),
  });
  const campaign = await db.campaign.create({
    data: { tenantId: tenant.id, name: 'Dezember', subject: 'Neuigkeiten', identityId: identity.id, mjml: MJML, lists: { create: [{ listId: list.id }] } },
  });
  await requestCampaignSend({ tenantId: tenant.id }, { campaignId: campaign.id }, { assertSendable });
  expect((await startCampaign({ tenantId: tenant.id }, campaign.id, { compile: compileCampaign, assertSendable })).status).toBe('SENDING');
  const messages = await db.message.findMany({ where: { campaignId: campaign.id }, select: { id: true, email: true }, orderBy: { email: 'asc' } });
  return { tenant, campaign, messages };
}

const IPS: PoolIp[] = [{ id: '00000000-0000-4000-8000-000000000001', address: '192.0.2.1', heloName: 'mta1.rundbrief.test', status: 'ACTIVE', dailyLimit: null, warmupStartedAt: null }];

it('a claim that fails mid-job stops the job; what was delivered is recorded SENT and counted, the rest handed back', async () => {
  const { tenant, campaign, messages } = await startedCampaign(80);
  const locker = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await locker.connect();
  let locked = false;
  onTestFinished(async () => {
    if (locked) await locker.query('COMMIT');
    await locker.end();
  });

  // The first transactions wait at this gate; meanwhile the claims' table is locked, so the
  // job's next claim (once the claimed messages run low) waits for it.
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const delivered: string[] = [];
  let now = Date.now();
  const rt: SendRuntime = {
    transport: {
      async send(_ip, envelope, _raw, beforeTransaction) {
        if (beforeTransaction && !(await beforeTransaction())) return { ok: false, kind: 'cancelled', code: null, response: 'cancelled' };
        await gate;
        delivered.push(envelope.to);
        return { ok: true, code: 250, response: '250 2.0.0 queued' };
      },
    },
    clock: { now: () => now, sleep: async (ms) => { now += ms; } },
    enqueue: async () => {},
    log: { info: () => {}, error: () => {} },
    redis,
    prefix: `${process.env.QUEUE_PREFIX}:batchfail:${Math.random().toString(36).slice(2, 8)}`,
    gate: new DomainGate(),
    domainLimits: {},
    inFlight: new Map(),
    liveSenders: 1,
    blockCache: new Map(),
    sendingIps: async () => IPS,
    forgetSendingIps: () => {},
  };

  const job = processSendBatch(rt, { tenantId: tenant.id, campaignId: campaign.id, messageIds: messages.map((m) => m.id), followUp: 0 }, { jobId: 'b1', workerId: 'w1' });
  const settled = job.then(() => null, (err: Error) => err);
  // wait until transactions are held at the gate (the first chunks are claimed by then)
  while (delivered.length === 0 && (await db.message.count({ where: { campaignId: campaign.id, handedAt: { not: null } } })) === 0) await new Promise((r) => setTimeout(r, 20));
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE "Subscriber" IN ACCESS EXCLUSIVE MODE');
  locked = true;
  open();
  // every claim that waits for the lock has its connection terminated (as in a Postgres restart)
  let kills = 0;
  while (!(await Promise.race([settled.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 20))]))) {
    await locker.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await locker.query<{ pid: number }>(`
      SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
        AND wait_event_type = 'Lock' AND query LIKE '%WITH c AS (%'`);
    for (const r of rows) {
      await locker.query('SELECT pg_terminate_backend($1)', [r.pid]);
      kills++;
    }
  }
  await locker.query('COMMIT');
  locked = false;

  const err = await settled;
  expect(err?.message).toMatch(/terminat/);
  expect(kills).toBeGreaterThanOrEqual(1);
  expect(delivered.length).toBeGreaterThan(0);
  expect(delivered.length).toBeLessThan(messages.length);
  const rows = await db.message.findMany({ where: { campaignId: campaign.id }, select: { email: true, status: true } });
  const sent = rows.filter((m) => m.status === 'SENT').map((m) => m.email).sort();
  // every delivered message is recorded; nothing is left SENDING for the lease sweep
  expect(sent).toEqual([...delivered].sort());
  expect(rows.filter((m) => m.status === 'SENDING')).toEqual([]);
  expect(rows.filter((m) => m.status === 'QUEUED')).toHaveLength(messages.length - delivered.length);
  const c = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id }, select: { sentCount: true } });
  expect(c.sentCount).toBe(delivered.length);
});
