// Worker jobs of the feedback loop: apply inbound mail, sweep what a job missed, prune what
// is past retention, and the scheduled blocklist watch. Registered in apps/worker/src/registry.ts.
import { z } from 'zod';
import { JOBS, QUEUES } from '../jobs/definitions.ts';
import { blocklistSettings, checkSendingIps } from '../platform/blocklist.ts';
import { drainInbound } from './inbound-batch.ts';
import { enqueueInbound, processStaleInbound, pruneInboundMessages } from './inbound.ts';

/** How long one drain job runs before it hands over to a fresh one (a worker's graceful close waits for it). */
const DRAIN_MS = 20_000;

/** Wake-up from the inbound server: applies stored mail in batches until none is left. */
export const applyInboundJob = {
  name: JOBS.applyInbound.name,
  queue: QUEUES.inbound,
  schema: JOBS.applyInbound.schema,
  handle: async () => {
    const started = Date.now();
    const applied = await drainInbound({ maxMs: DRAIN_MS });
    // Stopped by the clock, not by an empty table: the rest gets a job of its own.
    if (Date.now() - started >= DRAIN_MS) await enqueueInbound();
    return { applied };
  },
};

/** Jobs of one message each, as servers enqueued them before the batched apply: they wake a drain too. */
export const processInboundJob = { ...applyInboundJob, name: 'process-inbound' };

export const sweepInboundJob = {
  name: 'sweep-inbound',
  queue: QUEUES.maintenance,
  schema: z.object({}).passthrough(),
  handle: async () => ({ processed: await processStaleInbound() }),
};
export const sweepInboundSchedule = { id: 'sweep-inbound', queue: QUEUES.maintenance, name: sweepInboundJob.name, every: 15_000 };

export const pruneInboundJob = {
  name: 'prune-inbound',
  queue: QUEUES.maintenance,
  schema: z.object({}).passthrough(),
  handle: async () => ({ deleted: await pruneInboundMessages() }),
};
export const pruneInboundSchedule = { id: 'prune-inbound', queue: QUEUES.maintenance, name: pruneInboundJob.name, every: 3_600_000 };

export const checkSendingIpsJob = {
  name: 'check-sending-ips',
  queue: QUEUES.maintenance,
  schema: z.object({}).passthrough(),
  handle: async () => {
    const checks = await checkSendingIps();
    return { checked: checks.length, listed: checks.filter((c) => c.listings.length).map((c) => c.address) };
  },
};
export const checkSendingIpsSchedule = {
  id: 'check-sending-ips',
  queue: QUEUES.maintenance,
  name: checkSendingIpsJob.name,
  every: blocklistSettings().everyMinutes * 60_000,
};
