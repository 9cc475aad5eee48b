// The per-campaign send context (compilation, MIME template, parsed DKIM key): the jobs of
// one campaign that start together in one process build it once; it stays the tenant's own;
// a restarted campaign gets a fresh one. In process, against the real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeQueues } from '@rundbrief/core';
import { assertSendable } from '@rundbrief/core/authoring/sendable';
import { requestCampaignSend, startCampaign } from '@rundbrief/core/sending/start';
import { compileCampaign } from '@rundbrief/mailer/render/index';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { getSendContext as getContext } from '@rundbrief/core/sending/context';
import { seedSending } from './fixtures.ts';

// Only what the context needs of the runtime: dropping the cached IP list on a (re)start.
const getSendContext = (tenantId: string, campaignId: string) => getContext({ forgetSendingIps() {} }, tenantId, campaignId);

let seed: Awaited<ReturnType<typeof seedSending>>;
let other: Awaited<ReturnType<typeof seedSending>>;

beforeAll(async () => {
  await truncateAll();
  seed = await seedSending({ recipients: ['a@ctx.example', 'b@ctx.example'] });
  other = await seedSending({ recipients: ['c@ctx.example'], domain: 'news.other.example' });
  // Started as the worker's start job does (checklist, compile, snapshot), without dispatch.
  await requestCampaignSend({ tenantId: seed.tenant.id }, { campaignId: seed.campaign.id }, { assertSendable });
  const r = await startCampaign({ tenantId: seed.tenant.id }, seed.campaign.id, { compile: compileCampaign, assertSendable });
  expect(r.status).toBe('SENDING');
});

afterAll(async () => {
  await closeQueues();
});

describe('send context', () => {
  it('concurrent jobs of one campaign share one build', async () => {
    // Nothing in this process built it yet: without the shared build each of the eight
    // calls would miss the cache and build (and return) its own context.
    const contexts = await Promise.all(Array.from({ length: 8 }, () => getSendContext(seed.tenant.id, seed.campaign.id)));
    expect(new Set(contexts).size).toBe(1);
    const ctx = contexts[0]!;
    expect(ctx.tenantId).toBe(seed.tenant.id);
    expect(ctx.fromDomain).toBe('news.shop.example');
    // The static body pieces were prepared once (quoted-printable), the key parsed once.
    expect(ctx.body.html.length).toBeGreaterThan(1);
    // Within the revalidation window later jobs get the same object without a rebuild.
    expect(await getSendContext(seed.tenant.id, seed.campaign.id)).toBe(ctx);
  });

  it("another tenant cannot get a campaign's context", async () => {
    await expect(getSendContext(other.tenant.id, seed.campaign.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // ... and the failed attempt left nothing behind that a later call could reuse.
    await expect(getSendContext(other.tenant.id, seed.campaign.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a restarted campaign gets a fresh context after the revalidation window', async () => {
    const first = await getSendContext(seed.tenant.id, seed.campaign.id);
    await getDb().campaign.update({ where: { id: seed.campaign.id }, data: { startedAt: new Date(Date.now() + 60_000) } });
    // Revalidated at most every 5 s: still the cached one right away ...
    expect(await getSendContext(seed.tenant.id, seed.campaign.id)).toBe(first);
    await new Promise((r) => setTimeout(r, 5_100));
    // ... then rebuilt for the new start.
    const second = await getSendContext(seed.tenant.id, seed.campaign.id);
    expect(second).not.toBe(first);
    expect(second.key).not.toBe(first.key);
    expect(await getSendContext(seed.tenant.id, seed.campaign.id)).toBe(second);
  }, 20_000);
});
