// Scheduled DNS re-check of every sender domain: a record removed after verification
// un-verifies the domain, and the pre-send checklist then blocks its campaigns.
import { z } from 'zod';
import { QUEUES } from '../jobs/definitions.ts';
import { recheckAllSenderDomains } from './verify.ts';

export const recheckSenderDomainsJob = {
  name: 'recheck-sender-domains',
  queue: QUEUES.maintenance,
  schema: z.object({}).passthrough(),
  handle: async () => ({ checked: await recheckAllSenderDomains() }),
};

/** Every 6 hours (DNS TTLs are typically 1-24 h). */
export const recheckSenderDomainsSchedule = {
  id: 'recheck-sender-domains',
  queue: QUEUES.maintenance,
  name: recheckSenderDomainsJob.name,
  every: 6 * 3600_000,
};
