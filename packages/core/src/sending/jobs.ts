// Job names and payloads of the sending pipeline: the catalogue entries in ../jobs/definitions.ts.
import { JOBS } from '../jobs/definitions.ts';

export { campaignJobPayload, dispatchPayload, sendBatchPayload, type SendBatchPayload } from '../jobs/definitions.ts';
export const START_JOB = JOBS.startCampaign.name;
export const DISPATCH_JOB = JOBS.dispatchCampaign.name;
export const SEND_JOB = JOBS.sendBatch.name;
