// CSV import job: parses the payload and runs the core use case (streamed staging + merge).
// attempts: 1 (set at enqueue): a failed import is reported on its page, not re-applied.
// The upload is deleted once the run is over, whatever its outcome (retention.ts).
import {
  discardImportUpload, IMPORT_JOB, IMPORT_OPT_IN_JOB, importJobPayload, importOptInPayload, QUEUES, runImport, sendImportOptInMails, systemCtx,
} from '@rundbrief/core';
import { defineJob } from '../registry.ts';

export const importCsvJob = defineJob({
  name: IMPORT_JOB,
  queue: QUEUES.imports,
  schema: importJobPayload,
  handle: async (data, ctx) => {
    try {
      const r = await runImport(systemCtx(data.tenantId), data.importId);
      ctx.log('import finished', { importId: data.importId, ...r });
      return r;
    } finally {
      await discardImportUpload(data.importId);
    }
  },
});

// Opt-in mails of an OPT_IN_MAIL import, one batch per job; each batch queues the next.
export const importOptInMailsJob = defineJob({
  name: IMPORT_OPT_IN_JOB,
  queue: QUEUES.imports,
  schema: importOptInPayload,
  handle: (data) => sendImportOptInMails(data),
});
