// The worker's job registry: every processor is `{ name, queue, schema, handle }`, its name,
// queue and payload schema those of a job of the catalogue (core jobs/definitions.ts `JOBS`;
// apps/worker/test/job-catalogue.test.ts checks both ways). main.ts starts one BullMQ Worker
// per queue and routes each job by (queue, name) to its definition; `name: '*'` catches every
// job name of a queue (system mail, whose job names are the mail kinds). The payload is parsed
// again on consume (STYLE 8). Schedules are not made here: a catalogue entry with a `schedule`
// is a repeating job, and the Redis watch (redis-watch.ts) upserts them all.
import type { z } from 'zod';
import { JOBS, type JobKey, type QueueName } from '@rundbrief/core';
import { recheckSenderDomainsJob } from '@rundbrief/core/senders/index';
import { flushEventsJob } from './processors/events.ts';
import { prunePlatformMailJob, systemMailJob } from './processors/system-mail.ts';
import { abWinnerJob, abWinnersDueJob, dispatchCampaignJob, startCampaignJob } from './processors/campaign.ts';
import { sendBatchJob } from './processors/send-batch.ts';
import { importCsvJob, importOptInMailsJob } from './processors/import.ts';
import { pruneOptInsJob } from './processors/prune-optins.ts';
import { dueCampaignsJob, leaseSweepJob, stalledSendJob, pruneImportFilesJob, redisRecoveryJob } from './processors/maintenance.ts';
import { deliverWebhookJob, dispatchWebhooksJob, pruneWebhookLogJob } from '@rundbrief/core/webhooks/jobs';
import { applyInboundJob, checkSendingIpsJob, processInboundJob, pruneInboundJob, sweepInboundJob } from '@rundbrief/core/feedback/inbound-jobs';

export type { QueueName };

export type JobContext = {
  jobId: string;
  attemptsMade: number;
  /** Worker identity (host:pid:n), e.g. to stamp claims. */
  workerId: string;
  log: (msg: string, extra?: Record<string, unknown>) => void;
};

export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  name: string;
  queue: QueueName;
  schema: S;
  handle: (data: z.infer<S>, ctx: JobContext) => Promise<unknown>;
};

/** Typed helper so `handle` sees the parsed payload type. */
export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

/** The processor of a catalogue job: name, queue and schema from `JOBS[key]`, `handle` here. */
export function catalogueJob<K extends JobKey>(
  key: K,
  handle: (data: z.infer<(typeof JOBS)[K]['schema']>, ctx: JobContext) => Promise<unknown>,
): JobDefinition<(typeof JOBS)[K]['schema']> {
  const { name, queue, schema } = JOBS[key];
  return { name, queue, schema, handle };
}

export const jobs: JobDefinition<any>[] = [];

jobs.push(recheckSenderDomainsJob);
jobs.push(flushEventsJob);
jobs.push(systemMailJob, startCampaignJob, dispatchCampaignJob, sendBatchJob, dueCampaignsJob, leaseSweepJob, stalledSendJob, redisRecoveryJob);
jobs.push(abWinnerJob, abWinnersDueJob);
jobs.push(importCsvJob, importOptInMailsJob, pruneOptInsJob);
jobs.push(pruneImportFilesJob);
jobs.push(prunePlatformMailJob);
jobs.push(applyInboundJob, processInboundJob, sweepInboundJob, pruneInboundJob, checkSendingIpsJob);
jobs.push(dispatchWebhooksJob, deliverWebhookJob, pruneWebhookLogJob);

export function findJob(queue: string, name: string): JobDefinition<any> | undefined {
  return jobs.find((j) => j.queue === queue && j.name === name) ?? jobs.find((j) => j.queue === queue && j.name === '*');
}
