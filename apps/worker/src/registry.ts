// The worker's job registry: every processor is `{ name, queue, schema, handle }`. main.ts
// starts one BullMQ Worker per queue and routes each job by (queue, name) to its
// definition; `name: '*'` catches every job name of a queue (e.g. system mail, whose job
// names are the mail kinds). The payload is parsed again on consume (STYLE 8).
// Others add their processors and schedules here with one line each.
import type { z } from 'zod';
import type { QUEUES } from '@rundbrief/core';
import { recheckSenderDomainsJob, recheckSenderDomainsSchedule } from '@rundbrief/core/senders/index';
import { flushEventsJob, flushEventsSchedule } from './processors/events.ts';
import { prunePlatformMailJob, prunePlatformMailSchedule, systemMailJob } from './processors/system-mail.ts';
import { abWinnerJob, abWinnersDueJob, abWinnersDueSchedule, dispatchCampaignJob, startCampaignJob } from './processors/campaign.ts';
import { sendBatchJob } from './processors/send-batch.ts';
import { importCsvJob, importOptInMailsJob } from './processors/import.ts';
import { pruneOptInsJob, pruneOptInsSchedule } from './processors/prune-optins.ts';
import { dueCampaignsJob, leaseSweepJob, stalledSendJob, pruneImportFilesJob, pruneImportFilesSchedule, sendingSchedules } from './processors/maintenance.ts';
import { deliverWebhookJob, dispatchWebhooksJob, pruneWebhookLogJob, pruneWebhookLogSchedule, webhookSweepSchedule } from '@rundbrief/core/webhooks/jobs';
import { applyInboundJob, checkSendingIpsJob, checkSendingIpsSchedule, processInboundJob, pruneInboundJob, pruneInboundSchedule, sweepInboundJob, sweepInboundSchedule } from '@rundbrief/core/feedback/inbound-jobs';

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

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

/** A repeating job, registered at start with upsertJobScheduler (idempotent by `id`). */
export type ScheduleDefinition = {
  id: string;
  queue: QueueName;
  name: string;
  every: number; // ms
  data?: Record<string, unknown>;
};

export const jobs: JobDefinition<any>[] = [];

export const schedules: ScheduleDefinition[] = [];

jobs.push(recheckSenderDomainsJob); schedules.push(recheckSenderDomainsSchedule);
jobs.push(flushEventsJob); schedules.push(flushEventsSchedule);
jobs.push(systemMailJob, startCampaignJob, dispatchCampaignJob, sendBatchJob, dueCampaignsJob, leaseSweepJob, stalledSendJob); schedules.push(...sendingSchedules);
jobs.push(abWinnerJob, abWinnersDueJob); schedules.push(abWinnersDueSchedule);
jobs.push(importCsvJob, importOptInMailsJob, pruneOptInsJob); schedules.push(pruneOptInsSchedule);
jobs.push(pruneImportFilesJob); schedules.push(pruneImportFilesSchedule);
jobs.push(prunePlatformMailJob); schedules.push(prunePlatformMailSchedule);
jobs.push(applyInboundJob, processInboundJob, sweepInboundJob, pruneInboundJob, checkSendingIpsJob); schedules.push(sweepInboundSchedule, pruneInboundSchedule, checkSendingIpsSchedule);
jobs.push(dispatchWebhooksJob, deliverWebhookJob, pruneWebhookLogJob); schedules.push(webhookSweepSchedule, pruneWebhookLogSchedule);

export function findJob(queue: string, name: string): JobDefinition<any> | undefined {
  return jobs.find((j) => j.queue === queue && j.name === name) ?? jobs.find((j) => j.queue === queue && j.name === '*');
}
