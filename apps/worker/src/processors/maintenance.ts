import { z } from 'zod';
import { pruneImportFiles, QUEUES } from '@rundbrief/core';
import { enqueueDueCampaigns, redispatchStalledCampaigns } from '@rundbrief/core/sending/start';
import { sweepExpiredClaims } from '@rundbrief/core/sending/outcomes';
import type { JobDefinition, ScheduleDefinition } from '../registry.ts';

export const dueCampaignsJob: JobDefinition<z.ZodType<Record<string, unknown>>> = {
  name: 'campaigns-due',
  queue: QUEUES.maintenance,
  schema: z.object({}).passthrough(),
  handle: async () => ({ started: await enqueueDueCampaigns() }),
};

export const leaseSweepJob: JobDefinition<z.ZodType<Record<string, unknown>>> = {
  name: 'send-lease-sweep',
  queue: QUEUES.maintenance,
  schema: z.object({}).passthrough(),
  handle: () => sweepExpiredClaims(),
};

/** Campaigns whose jobs were lost (Redis data loss, a job failed for good) get them again. */
export const stalledSendJob: JobDefinition<z.ZodType<Record<string, unknown>>> = {
  name: 'send-stall-watch',
  queue: QUEUES.maintenance,
  schema: z.object({}).passthrough(),
  handle: async () => ({ redispatched: await redispatchStalledCampaigns() }),
};

/** Import files past retention (uploads after the run, refusal reports after N days). */
export const pruneImportFilesJob: JobDefinition<z.ZodType<Record<string, unknown>>> = {
  name: 'prune-import-files',
  queue: QUEUES.maintenance,
  schema: z.object({}).passthrough(),
  handle: () => pruneImportFiles(),
};

export const pruneImportFilesSchedule: ScheduleDefinition = { id: 'prune-import-files', queue: QUEUES.maintenance, name: 'prune-import-files', every: 3_600_000 };

export const sendingSchedules: ScheduleDefinition[] = [
  { id: 'campaigns-due', queue: QUEUES.maintenance, name: 'campaigns-due', every: 10_000 },
  { id: 'send-lease-sweep', queue: QUEUES.maintenance, name: 'send-lease-sweep', every: 30_000 },
  { id: 'send-stall-watch', queue: QUEUES.maintenance, name: 'send-stall-watch', every: 60_000 },
];
