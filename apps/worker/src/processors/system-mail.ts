import { QUEUES, systemMailPayload } from '@rundbrief/core';
import { prunePlatformMail } from '@rundbrief/core/platform/platform-mail-log';
import { catalogueJob, type JobDefinition } from '../registry.ts';
import { sendSystemMail } from '@rundbrief/core/sending/system-mail';
import { getSendRuntime } from '../sending/runtime.ts';

/** Every job name on the system-mail queue is a mail kind (enqueueSystemMail). */
export const systemMailJob: JobDefinition<typeof systemMailPayload> = {
  name: '*',
  queue: QUEUES.systemMail,
  schema: systemMailPayload,
  handle: async (data, ctx) => {
    const r = await sendSystemMail(getSendRuntime(), data, { jobId: ctx.jobId });
    ctx.log(`system mail ${data.kind} ${r.delivered ? 'delivered' : 'refused'} via ${r.ip}: ${r.reply.slice(0, 120)}`);
    return r;
  },
};

/** The record of platform mail holds recipients' addresses: kept as long as its suppression needs it. */
export const prunePlatformMailJob = catalogueJob('prunePlatformMail', async () => ({ deleted: await prunePlatformMail() }));
