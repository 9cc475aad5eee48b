// Worker jobs of the feedback loop: apply inbound mail, sweep what a job missed, prune what
// is past retention, and the scheduled blocklist watch. Registered in apps/worker/src/registry.ts;
// names, payloads and schedules are the catalogue's (jobs/definitions.ts).
import { JOBS } from '../jobs/definitions.ts';
import { checkSendingIps } from '../platform/blocklist.ts';
import { drainInbound } from './inbound-batch.ts';
import { enqueueInbound, processStaleInbound, pruneInboundMessages } from './inbound.ts';

/** How long one drain job runs before it hands over to a fresh one (a worker's graceful close waits for it). */
const DRAIN_MS = 20_000;

/** Wake-up from the inbound server: applies stored mail in batches until none is left. */
export const applyInboundJob = {
  ...JOBS.applyInbound,
  handle: async () => {
    const started = Date.now();
    const applied = await drainInbound({ maxMs: DRAIN_MS });
    // Stopped by the clock, not by an empty table: the rest gets a job of its own.
    if (Date.now() - started >= DRAIN_MS) await enqueueInbound();
    return { applied };
  },
};

/** Jobs of one message each, as servers enqueued them before the batched apply: they wake a drain too. */
export const processInboundJob = { ...applyInboundJob, ...JOBS.processInbound };

export const sweepInboundJob = {
  ...JOBS.sweepInbound,
  handle: async () => ({ processed: await processStaleInbound() }),
};

export const pruneInboundJob = {
  ...JOBS.pruneInbound,
  handle: async () => ({ deleted: await pruneInboundMessages() }),
};

export const checkSendingIpsJob = {
  ...JOBS.checkSendingIps,
  handle: async () => {
    const checks = await checkSendingIps();
    return { checked: checks.length, listed: checks.filter((c) => c.listings.length).map((c) => c.address) };
  },
};
