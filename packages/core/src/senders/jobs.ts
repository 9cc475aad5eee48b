// Scheduled DNS re-check of every sender domain: a record removed after verification
// un-verifies the domain, and the pre-send checklist then blocks its campaigns. Every 6 hours
// (the catalogue's schedule, jobs/definitions.ts).
import { JOBS } from '../jobs/definitions.ts';
import { recheckAllSenderDomains } from './verify.ts';

export const recheckSenderDomainsJob = {
  ...JOBS.recheckSenderDomains,
  handle: async () => ({ checked: await recheckAllSenderDomains() }),
};
