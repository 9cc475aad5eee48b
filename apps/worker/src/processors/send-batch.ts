import { QUEUES } from '@rundbrief/core';
import { sendBatchPayload, SEND_JOB } from '@rundbrief/core/sending/jobs';
import type { JobDefinition } from '../registry.ts';
import { processSendBatch } from '@rundbrief/core/sending/batch';
import { getSendRuntime } from '../sending/runtime.ts';

export const sendBatchJob: JobDefinition<typeof sendBatchPayload> = {
  name: SEND_JOB,
  queue: QUEUES.send,
  schema: sendBatchPayload,
  handle: (data, ctx) => processSendBatch(getSendRuntime(), data, ctx),
};
