// Worker jobs of the feedback loop: apply inbound mail, sweep what a job missed, prune what
// is past retention, and the scheduled blocklist watch. Registered in apps/worker/src/registry.ts.
import { z } from 'zod';
import { QUEUES } from '../jobs/definitions.ts';
import { blocklistSettings, checkSendingIps } from '../platform/blocklist.ts';
import { processInboundMessage, processInboundPayload, processStaleInbound, pruneInboundMessages } from './inbound.ts';

export const processInboundJob = {
  name: 'process-inbound',
  queue: QUEUES.inbound,
  schema: processInboundPayload,
  handle: async (data: z.infer<typeof processInboundPayload>) => processInboundMessage(data.id),
};

export const sweepInboundJob = {
  name: 'sweep-inbound',
  queue: QUEUES.maintenance,
  schema: z.object({}).passthrough(),
  handle: async () => ({ processed: await processStaleInbound() }),
};
export const sweepInboundSchedule = { id: 'sweep-inbound', queue: QUEUES.maintenance, name: sweepInboundJob.name, every: 60_000 };

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
