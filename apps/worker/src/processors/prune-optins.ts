// Scheduled: delete unconfirmed double opt-in subscriptions past their expiry.
import { z } from 'zod';
import { pruneExpiredOptIns, QUEUES } from '@rundbrief/core';
import { defineJob, type ScheduleDefinition } from '../registry.ts';

export const pruneOptInsJob = defineJob({
  name: 'prune-optins',
  queue: QUEUES.maintenance,
  schema: z.object({}).passthrough(),
  handle: () => pruneExpiredOptIns(),
});

export const pruneOptInsSchedule: ScheduleDefinition = { id: 'prune-optins', queue: QUEUES.maintenance, name: 'prune-optins', every: 3_600_000 };
