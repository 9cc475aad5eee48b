// What a tenant may make the platform mail, per tenant and hour, and not at all while
// suspended: the REST routes (429 with Retry-After, 423) and the use cases the UI's server
// actions call (the same core check, assertTenantMaySend). Small limits through the
// environment; real Postgres and Redis.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import {
  closeQueues, closeRateWindows, confirmSubscription, formToken, generateApiKey, getQueue, inviteMember, QUEUES,
  resendConfirmation, sendImportOptInMails, submitSignupForm, subscribe, useRateWindowRedis, type ApiScope, type SystemMailPayload, type TenantCtx,
} from '@rundbrief/core';
import { sendTestCampaign } from '@rundbrief/core/authoring/index';
import { POST as createSubscriber } from '../app/api/v1/subscribers/route.ts';
import { POST as testSend } from '../app/api/v1/campaigns/[id]/test-send/route.ts';
import { seedSending } from '../../worker/test/sending/fixtures.ts';

// Read on first use (sendLimits() is parsed lazily), so these apply to this file only.
process.env.TENANT_TEST_SENDS_PER_HOUR = '3';
process.env.TENANT_SIGNUPS_PER_HOUR = '3';
process.env.TENANT_INVITATIONS_PER_HOUR = '2';

type Handler = (req: Request, route?: { params?: Promise<{ id: string }> }) => Promise<Response>;

async function makeKey(tenantId: string, scopes: ApiScope[] = ['subscribers:write', 'campaigns:write']) {
  const { key, prefix, keyHash } = generateApiKey();
  await getDb().apiKey.create({ data: { tenantId, name: 'test', prefix, keyHash, scopes } });
  return key;
}

async function call(h: Handler, key: string, body: unknown, id = '') {
  const req = new Request('http://localhost/api/v1/x', {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const res = await h(req, { params: Promise.resolve({ id }) });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), json: (await res.json()) as { error?: { code: string; message: string } } };
}

const queued = async () => (await getQueue(QUEUES.systemMail).getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed']))
  .map((j) => j.data as SystemMailPayload);

let seed: Awaited<ReturnType<typeof seedSending>>;
let other: Awaited<ReturnType<typeof seedSending>>;
let ctx: TenantCtx;

beforeEach(async () => {
  await truncateAll();
  await getQueue(QUEUES.systemMail).obliterate({ force: true });
  seed = await seedSending({ recipients: [] });
  other = await seedSending({ recipients: [], domain: 'news.other.example' });
  const user = await getDb().user.create({ data: { email: 'owner@shop-team.example', passwordHash: 'x' } });
  await getDb().membership.create({ data: { tenantId: seed.tenant.id, userId: user.id, role: 'OWNER' } });
  ctx = { tenantId: seed.tenant.id, userId: user.id, role: 'OWNER', actor: user.email, ip: '203.0.113.5' };
});

afterAll(async () => {
  useRateWindowRedis();
  closeRateWindows();
  await closeQueues();
  await getDb().$disconnect();
});

const suspend = (tenantId: string) => getDb().tenant.update({ where: { id: tenantId }, data: { status: 'SUSPENDED', suspendedReason: 'abuse report' } });

describe('rate limits per tenant', () => {
  it('API sign-ups: 429 with Retry-After after the limit, nothing written; the form shares the window; another tenant is not held up', async () => {
    const key = await makeKey(seed.tenant.id);
    for (const n of [1, 2, 3]) {
      expect((await call(createSubscriber, key, { email: `p${n}@kunde.example`, listIds: [seed.list.id] })).status).toBe(201);
    }
    const refused = await call(createSubscriber, key, { email: 'p4@kunde.example', listIds: [seed.list.id] });
    expect(refused.status).toBe(429);
    expect(refused.json.error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('3 sign-ups in the last hour') as string });
    expect(Number(refused.retryAfter)).toBeGreaterThan(3000);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(3600);
    expect(await getDb().subscriber.count({ where: { email: 'p4@kunde.example' } })).toBe(0);

    const form = await submitSignupForm({ publicId: seed.list.publicId, email: 'f1@kunde.example', formToken: formToken(seed.list.publicId, Date.now() - 5_000), ip: '192.0.2.44' })
      .catch((e: unknown) => e);
    expect(form).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/^This form is receiving too many sign-ups right now/) as string });

    const otherKey = await makeKey(other.tenant.id);
    expect((await call(createSubscriber, otherKey, { email: 'p4@kunde.example', listIds: [other.list.id] })).status).toBe(201);
  });

  it('test sends: counted per recipient, all or nothing, 429 with Retry-After', async () => {
    const key = await makeKey(seed.tenant.id);
    expect((await call(testSend, key, { recipients: ['a@x.example', 'b@x.example'] }, seed.campaign.id)).status).toBe(200);
    const refused = await call(testSend, key, { recipients: ['c@x.example', 'd@x.example'] }, seed.campaign.id);
    expect(refused.status).toBe(429);
    expect(refused.json.error?.message).toMatch(/^This account may send 3 test mails an hour and has used them\. Try again in \d+ minutes\.$/);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect((await call(testSend, key, { recipients: ['c@x.example'] }, seed.campaign.id)).status).toBe(200);
    await expect(sendTestCampaign(ctx, seed.campaign.id, { recipients: ['d@x.example'] })).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect((await queued()).filter((m) => m.kind === 'TEST_SEND').map((m) => m.to).sort()).toEqual(['a@x.example', 'b@x.example', 'c@x.example']);
  });

  it('invitations: refused after the limit', async () => {
    await inviteMember(ctx, { email: 'i1@shop-team.example', role: 'MARKETER' });
    await inviteMember(ctx, { email: 'i2@shop-team.example', role: 'MARKETER' });
    await expect(inviteMember(ctx, { email: 'i3@shop-team.example', role: 'MARKETER' }))
      .rejects.toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('2 invitations an hour') as string });
    expect(await getDb().invitation.count({ where: { email: 'i3@shop-team.example' } })).toBe(0);
  });

  it('Redis unreachable: refused with 503, nothing written or queued (fail closed)', async () => {
    const key = await makeKey(seed.tenant.id);
    useRateWindowRedis('redis://127.0.0.1:1');
    try {
      const r = await call(createSubscriber, key, { email: 'p1@kunde.example', listIds: [seed.list.id] });
      expect(r.status).toBe(503);
      expect(r.json.error?.code).toBe('UNAVAILABLE');
      await expect(inviteMember(ctx, { email: 'i1@shop-team.example', role: 'MARKETER' })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    } finally {
      useRateWindowRedis();
    }
    expect(await getDb().subscriber.count()).toBe(0);
    expect(await queued()).toEqual([]);
  });
});

describe('a suspended tenant', () => {
  it('is refused by the API: sign-ups and test sends answer 423', async () => {
    const key = await makeKey(seed.tenant.id);
    await suspend(seed.tenant.id);
    expect((await call(createSubscriber, key, { email: 'p1@kunde.example', listIds: [seed.list.id] })).status).toBe(423);
    expect((await call(testSend, key, { recipients: ['a@x.example'] }, seed.campaign.id)).status).toBe(423);
  });

  it('is refused in every use case the UI calls, and no mail is queued', async () => {
    // Before the suspension: a pending subscription (its opt-in mail) and an import with opt-in mails.
    await getDb().list.update({ where: { id: seed.list.id }, data: { welcomeEnabled: true } });
    const pending = await subscribe({ tenantId: seed.tenant.id }, { listId: seed.list.id, email: 'anna@kunde.example', source: 'FORM' });
    const token = /\/confirm\/([A-Za-z0-9_-]+)/.exec((await queued())[0]!.text)![1]!;
    const imp = await getDb().import.create({ data: { tenantId: seed.tenant.id, listId: seed.list.id, fileName: 'x.csv', status: 'DONE', consentMode: 'OPT_IN_MAIL' } });
    const imported = await getDb().subscriber.create({ data: { tenantId: seed.tenant.id, email: 'imp@kunde.example' } });
    await getDb().subscription.create({ data: { tenantId: seed.tenant.id, listId: seed.list.id, subscriberId: imported.id, status: 'PENDING', source: 'IMPORT' } });
    await getQueue(QUEUES.systemMail).obliterate({ force: true });
    await suspend(seed.tenant.id);

    const suspended = { code: 'SUSPENDED', message: expect.stringContaining('abuse report') as string };
    await expect(sendTestCampaign(ctx, seed.campaign.id, { recipients: ['owner@shop-team.example'] })).rejects.toMatchObject(suspended);
    await expect(inviteMember(ctx, { email: 'new@shop-team.example', role: 'MARKETER' })).rejects.toMatchObject(suspended);
    await expect(subscribe({ tenantId: seed.tenant.id }, { listId: seed.list.id, email: 'by-hand@kunde.example', source: 'ADMIN' })).rejects.toMatchObject(suspended);
    await expect(resendConfirmation({ tenantId: seed.tenant.id }, pending.subscriptionId, new Date(Date.now() + 3_600_000))).rejects.toMatchObject(suspended);
    await expect(sendImportOptInMails({ tenantId: seed.tenant.id, importId: imp.id })).rejects.toMatchObject(suspended);
    // The person's click is recorded; the welcome mail is not sent.
    await confirmSubscription({ token });
    expect((await getDb().subscription.findUniqueOrThrow({ where: { id: pending.subscriptionId } })).status).toBe('CONFIRMED');

    expect(await queued()).toEqual([]);
    expect(await getDb().subscriber.count({ where: { email: 'by-hand@kunde.example' } })).toBe(0);
    expect(await getDb().invitation.count()).toBe(0);
  });
});
