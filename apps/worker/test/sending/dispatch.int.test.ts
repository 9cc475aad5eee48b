// Dispatch: a started campaign's pending messages become BullMQ batch jobs of message ids
// (never one job per recipient) with deterministic ids, so dispatching again adds nothing;
// batch N of every campaign has priority N (fair share); another tenant's id dispatches
// nothing. Real Postgres and Redis, no worker running: the jobs stay in the queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeQueues, getQueue, QUEUES } from '@rundbrief/core';
import { assertSendable } from '@rundbrief/core/authoring/sendable';
import { dispatchCampaign, requestCampaignSend, startCampaign } from '@rundbrief/core/sending/start';
import type { SendBatchPayload } from '@rundbrief/core/sending/jobs';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { compileCampaign } from '@rundbrief/mailer/render/index';
import { seedSending } from './fixtures.ts';

// Read once by sendingEnv(); set before anything in this file dispatches.
process.env.SEND_BATCH_SIZE = '5';

let seed: Awaited<ReturnType<typeof seedSending>>;
/** Compilations asked of deps.compile by the start (the checklist's own is reused). */
let startCompiles = 0;
let other: Awaited<ReturnType<typeof seedSending>>;

beforeAll(async () => {
  await truncateAll();
  await getQueue(QUEUES.send).obliterate({ force: true });
  seed = await seedSending({ recipients: Array.from({ length: 23 }, (_, i) => `d${i}@dispatch.example`) });
  other = await seedSending({ recipients: ['x@other.example'], domain: 'news.other.example' });
  await requestCampaignSend({ tenantId: seed.tenant.id }, { campaignId: seed.campaign.id }, { assertSendable });
  const compile: typeof compileCampaign = (source) => {
    startCompiles++;
    return compileCampaign(source);
  };
  const r = await startCampaign({ tenantId: seed.tenant.id }, seed.campaign.id, { compile, assertSendable });
  expect(r).toMatchObject({ status: 'SENDING', recipientCount: 23 });
});

afterAll(async () => {
  await closeQueues();
});

async function campaignJobs(campaignId: string) {
  const jobs = await getQueue(QUEUES.send).getJobs(['prioritized', 'waiting', 'delayed']);
  return jobs.filter((j) => (j.data as SendBatchPayload).campaignId === campaignId);
}

describe('dispatch', () => {
  it('the start freezes the compilation its checklist made: the MJML is not compiled a second time', async () => {
    expect(startCompiles).toBe(0);
    const c = await getDb().campaign.findUniqueOrThrow({ where: { id: seed.campaign.id } });
    expect(c.compiled).toMatchObject({ html: { s: expect.any(Array) } });
  });


  it('batches of message ids, each pending message in exactly one, with deterministic job ids and priority by batch', async () => {
    expect(await dispatchCampaign({ tenantId: seed.tenant.id }, { campaignId: seed.campaign.id, round: 'r0' })).toBe(5);
    const jobs = await campaignJobs(seed.campaign.id);
    expect(jobs.map((j) => j.id).sort()).toEqual([1, 2, 3, 4, 5].map((n) => `send-${seed.campaign.id}-r0-${n}`).sort());
    const ids = jobs.flatMap((j) => (j.data as SendBatchPayload).messageIds);
    expect(new Set(ids).size).toBe(23);
    const queued = await getDb().message.findMany({ where: { campaignId: seed.campaign.id, status: 'QUEUED' }, select: { id: true } });
    expect(new Set(ids)).toEqual(new Set(queued.map((m) => m.id)));
    for (const j of jobs) {
      const data = j.data as SendBatchPayload;
      expect(data.tenantId).toBe(seed.tenant.id);
      expect(data.messageIds.length).toBeLessThanOrEqual(5);
      expect(j.opts.priority).toBe(Number(j.id!.split('-').pop()));
    }
  });

  it('dispatching the same round again adds no job', async () => {
    expect(await dispatchCampaign({ tenantId: seed.tenant.id }, { campaignId: seed.campaign.id, round: 'r0' })).toBe(5);
    expect(await campaignJobs(seed.campaign.id)).toHaveLength(5);
  });

  it("another tenant's id dispatches nothing of this campaign", async () => {
    expect(await dispatchCampaign({ tenantId: other.tenant.id }, { campaignId: seed.campaign.id, round: 'x1' })).toBe(0);
    expect(await campaignJobs(seed.campaign.id)).toHaveLength(5);
  });

  it('only pending messages are dispatched: sent ones are left out of a later round', async () => {
    const sent = await getDb().message.findMany({ where: { campaignId: seed.campaign.id }, orderBy: { id: 'asc' }, take: 7, select: { id: true } });
    await getDb().message.updateMany({ where: { id: { in: sent.map((m) => m.id) } }, data: { status: 'SENT', sentAt: new Date() } });
    expect(await dispatchCampaign({ tenantId: seed.tenant.id }, { campaignId: seed.campaign.id, round: 'w1' })).toBe(4);
    const round = (await campaignJobs(seed.campaign.id)).filter((j) => j.id!.includes('-w1-'));
    const ids = round.flatMap((j) => (j.data as SendBatchPayload).messageIds);
    expect(ids).toHaveLength(16);
    for (const m of sent) expect(ids).not.toContain(m.id);
  });
});
