// Maintenance jobs of sending and imports; their schedules are in the job catalogue (core jobs/definitions.ts).
import { pruneImportFiles } from '@rundbrief/core';
import { enqueueDueCampaigns, redispatchAfterQueueLoss, redispatchStalledCampaigns } from '@rundbrief/core/sending/start';
import { sweepExpiredClaims } from '@rundbrief/core/sending/outcomes';
import { reenqueueImports, resumeImportOptInMails } from '@rundbrief/core/audience/import-recovery';
import { catalogueJob } from '../registry.ts';

export const dueCampaignsJob = catalogueJob('campaignsDue', async () => ({ started: await enqueueDueCampaigns() }));

export const leaseSweepJob = catalogueJob('sendLeaseSweep', () => sweepExpiredClaims());

/** Campaigns whose jobs were lost (Redis data loss, a job failed for good) get them again. */
export const stalledSendJob = catalogueJob('sendStallWatch', async () => ({ redispatched: await redispatchStalledCampaigns() }));

/**
 * Redis came back empty (redis-watch.ts): every SENDING campaign is dispatched again now, not
 * after the stall window, and imports waiting for their job, or whose run died with its job,
 * get it again, and so do opt-in mailings of imports whose next batch was lost
 * (audience/import-recovery.ts). (The sweeps of the other lost jobs run at once
 * by themselves: their schedulers are new.)
 */
export const redisRecoveryJob = catalogueJob('redisRecovery', async (_data, ctx) => {
  const redispatched = await redispatchAfterQueueLoss();
  const imports = await reenqueueImports();
  const optInMails = await resumeImportOptInMails();
  ctx.log(`Redis came back empty: ${redispatched.length} sending campaigns dispatched again, ${imports.queued} waiting and ${imports.resumed} interrupted imports queued again, ${optInMails.resumed} import opt-in mailings resumed`, { batches: redispatched.reduce((a, r) => a + r.batches, 0), optInMailsAlive: optInMails.alive });
  return { redispatched, imports, optInMails };
});

/** Import files past retention (uploads after the run, refusal reports after N days). */
export const pruneImportFilesJob = catalogueJob('pruneImportFiles', () => pruneImportFiles());
