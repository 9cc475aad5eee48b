import { QUEUES, systemMailPayload } from '@rundbrief/core';
import type { JobDefinition } from '../registry.ts';
import { sendSystemMail } from '../sending/system-mail.ts';

/** Every job name on the system-mail queue is a mail kind (enqueueSystemMail). */
export const systemMailJob: JobDefinition<typeof systemMailPayload> = {
  name: '*',
  queue: QUEUES.systemMail,
  schema: systemMailPayload,
  handle: async (data, ctx) => {
    const r = await sendSystemMail(data, { jobId: ctx.jobId });
    ctx.log(`system mail ${data.kind} ${r.delivered ? 'delivered' : 'refused'} via ${r.ip}: ${r.reply.slice(0, 120)}`);
    return r;
  },
};
