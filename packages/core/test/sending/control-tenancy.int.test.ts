// Campaign control under another tenant's context: B naming A's campaign ids (and A's
// tenantId in its input, as a request body could) finds nothing and changes nothing.
import { getDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/errors.ts';
import { closeQueues } from '../../src/jobs/queue.ts';
import { cancelCampaign, getCampaignProgress, listAmbiguousMessages, pauseCampaign, resumeCampaign } from '../../src/sending/control.ts';
import { dispatchCampaign, requestCampaignSend } from '../../src/sending/start.ts';

beforeEach(truncateAll);
afterAll(async () => {
  await closeQueues();
  await getDb().$disconnect();
});

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof DomainError ? e.code : (e as Error).message));

async function campaignsOfA() {
  const { a, b } = await seedTwoTenants();
  const mk = (name: string, status: 'DRAFT' | 'SENDING' | 'PAUSED') =>
    getDb().campaign.create({ data: { tenantId: a.id, name, subject: 'x', mjml: '<mjml/>', status } });
  const [draft, sending, paused] = [await mk('Draft', 'DRAFT'), await mk('Sending', 'SENDING'), await mk('Paused', 'PAUSED')];
  const sub = await getDb().subscriber.create({ data: { tenantId: a.id, email: 'one@example.com' } });
  await getDb().message.create({ data: { tenantId: a.id, campaignId: sending.id, subscriberId: sub.id, email: sub.email, status: 'QUEUED' } });
  return { a, b, draft, sending, paused };
}

const snapshotOf = async (tenantId: string) =>
  JSON.stringify({
    campaigns: await getDb().campaign.findMany({ where: { tenantId }, select: { id: true, status: true, pauseReason: true, scheduledAt: true, finishedAt: true }, orderBy: { id: 'asc' } }),
    messages: await getDb().message.findMany({ where: { tenantId }, select: { id: true, status: true }, orderBy: { id: 'asc' } }),
  });

describe('campaign control across tenants', () => {
  it("B with A's campaign ids gets NOT_FOUND for every control, and A's campaigns stay as they were", async () => {
    const { a, b, draft, sending, paused } = await campaignsOfA();
    const before = await snapshotOf(a.id);
    const asB = { tenantId: b.id };
    const smuggled: object = { tenantId: a.id };
    const attempts = {
      pause: () => pauseCampaign(asB, sending.id, { ...smuggled, reason: 'B' }),
      cancel: () => cancelCampaign(asB, sending.id),
      resume: () => resumeCampaign(asB, paused.id),
      progress: () => getCampaignProgress(asB, sending.id),
      // a checklist that lets everything pass: the tenant filter of the status change must hold
      send: () => requestCampaignSend(asB, { ...smuggled, campaignId: draft.id }, { assertSendable: async () => undefined }),
    };
    for (const [name, run] of Object.entries(attempts)) expect([name, await code(run())]).toEqual([name, 'NOT_FOUND']);
    expect(await listAmbiguousMessages(asB, sending.id)).toEqual([]);
    expect(await dispatchCampaign(asB, { campaignId: sending.id, round: 'x' })).toBe(0);
    expect(await snapshotOf(a.id)).toBe(before);
    // A's own context does reach them (the test would pass vacuously otherwise)
    await pauseCampaign({ tenantId: a.id }, sending.id);
    expect((await getCampaignProgress({ tenantId: a.id }, sending.id)).status).toBe('PAUSED');
  });
});
