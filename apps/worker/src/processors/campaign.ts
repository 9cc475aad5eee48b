import { QUEUES, systemCtx } from '@rundbrief/core';
import { campaignJobPayload, dispatchPayload, DISPATCH_JOB, START_JOB } from '@rundbrief/core/sending/jobs';
import { dispatchCampaign, startCampaign } from '@rundbrief/core/sending/start';
import { completeIfDone } from '@rundbrief/core/sending/outcomes';
import { assertSendable } from '@rundbrief/core/authoring/sendable';
import { compileCampaign } from '@rundbrief/mailer/render/index';
import { AB_WINNER_JOB, abWinnerPayload, chooseAbWinner, chooseDueAbWinners } from '@rundbrief/core/campaigns/ab-send';
import { catalogueJob, type JobDefinition } from '../registry.ts';

/** Start: checklist, compile once, snapshot; then (also on a retry after commit) dispatch. */
export const startCampaignJob: JobDefinition<typeof campaignJobPayload> = {
  name: START_JOB,
  queue: QUEUES.campaign,
  schema: campaignJobPayload,
  handle: async (data, ctx) => {
    const tenant = systemCtx(data.tenantId);
    const r = await startCampaign(tenant, data.campaignId, { compile: compileCampaign, assertSendable });
    if (r.status !== 'SENDING') return r;
    const batches = await dispatchCampaign(tenant, { campaignId: data.campaignId, round: 'r0' });
    ctx.log(`campaign ${data.campaignId} sending: ${r.recipientCount ?? '?'} recipients in ${batches} batches`);
    return { ...r, batches };
  },
};

/** Resume: dispatch what is still pending under a new round. */
export const dispatchCampaignJob: JobDefinition<typeof dispatchPayload> = {
  name: DISPATCH_JOB,
  queue: QUEUES.campaign,
  schema: dispatchPayload,
  handle: async (data) => {
    const tenant = systemCtx(data.tenantId);
    const batches = await dispatchCampaign(tenant, { campaignId: data.campaignId, round: data.round });
    // Paused right after the last chunk: nothing left to send, so resuming finishes it.
    if (batches === 0) await completeIfDone(tenant, data.campaignId);
    return { batches };
  },
};

/** A/B test: the wait is over, the best variant by the campaign's metric goes to the rest. */
export const abWinnerJob: JobDefinition<typeof abWinnerPayload> = {
  name: AB_WINNER_JOB,
  queue: QUEUES.campaign,
  schema: abWinnerPayload,
  handle: async (data, ctx) => {
    const r = await chooseAbWinner(systemCtx(data.tenantId), data.campaignId, { by: 'AUTO' });
    if (r.chosen) ctx.log(`campaign ${data.campaignId}: variant ${r.label} won, ${r.released} recipients released`);
    return r;
  },
};

/** Backs up the delayed winner jobs (lost with Redis): overdue winners are chosen. */
export const abWinnersDueJob = catalogueJob('abWinnersDue', async () => ({ chosen: await chooseDueAbWinners() }));
