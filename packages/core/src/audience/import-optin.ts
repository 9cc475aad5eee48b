// Opt-in mails of an OPT_IN_MAIL import. The import leaves each new subscription PENDING
// without a token (only the hash of a token is ever stored, and the raw one must reach the
// mail); this job, queued after the import committed, gives each a token and queues the
// list's confirmation mail through the normal system-mail path. It works in batches at a
// steady pace: a large import must not hit the mailbox providers as one burst of cold
// mail, and a rolled-back import never mails anyone because nothing is queued before commit.
import { getDb, tenantDb } from '@rundbrief/db';
import { randomToken, sha256 } from '../crypto.ts';
import { emailHash } from '../deliverability/suppression.ts';
import { assertTenantMaySend } from '../deliverability/may-send.ts';
import { systemCtx } from '../context.ts';
import { enqueue } from '../jobs/queue.ts';
import { JOBS, type ImportOptInPayload } from '../jobs/definitions.ts';
import { sendOptInConfirmation } from './consent-mail.ts';

/** Mails per batch and the pause between batches: 1,200 a minute, 72,000 an hour. */
export const IMPORT_OPT_IN_BATCH = 200;
export const IMPORT_OPT_IN_INTERVAL_MS = 10_000;

export const IMPORT_OPT_IN_JOB = JOBS.importOptInMails.name;

/** One job per import and batch start (`after`, or the first batch). */
export const importOptInJobId = (importId: string, after?: string) => `import-opt-in-${importId}-${after ?? 'first'}`;

export async function queueImportOptInMails(data: ImportOptInPayload, opts: { delay?: number; prefix?: string } = {}) {
  // One job per import and batch start: a retried run never queues a batch twice.
  await enqueue('importOptInMails', data, {
    jobId: importOptInJobId(data.importId, data.after), delay: opts.delay ?? 0, prefix: opts.prefix,
  });
}

/**
 * Mails one batch of the import's list: PENDING import subscriptions that have no token yet
 * (whichever import created them), in id order after `after`. Queues the next batch when
 * this one was full. Returns how many mails were queued.
 */
export async function sendImportOptInMails(input: ImportOptInPayload & { now?: Date; prefix?: string }) {
  const now = input.now ?? new Date();
  const db = tenantDb(input.tenantId);
  const imp = await db.import.findFirst({ where: { id: input.importId } });
  if (!imp || imp.consentMode !== 'OPT_IN_MAIL' || imp.status !== 'DONE') return { mailed: 0, next: null };
  const list = await db.list.findFirst({ where: { id: imp.listId } });
  if (!list) return { mailed: 0, next: null };
  // Checked per batch: a suspension stops an import's opt-in mails between two batches.
  await assertTenantMaySend(systemCtx(input.tenantId), 'IMPORT_OPT_IN');
  const tenant = (await getDb().tenant.findUnique({ where: { id: input.tenantId } }))!;
  const batch = await db.subscription.findMany({
    where: { listId: list.id, status: 'PENDING', source: 'IMPORT', tokenHash: null, ...(input.after ? { id: { gt: input.after } } : {}) },
    include: { subscriber: true }, orderBy: { id: 'asc' }, take: IMPORT_OPT_IN_BATCH,
  });
  // Fail closed: a suppression or a dead address since the import means no mail.
  const suppressed = new Set((await db.suppression.findMany({
    where: { emailHash: { in: batch.map((s) => emailHash(s.subscriber.email)) } }, select: { emailHash: true },
  })).map((s) => s.emailHash));
  const expiresAt = new Date(now.getTime() + tenant.optInExpiryDays * 86_400_000);
  let mailed = 0;
  for (const sub of batch) {
    if (sub.subscriber.status !== 'ACTIVE' || suppressed.has(emailHash(sub.subscriber.email))) continue;
    const rawToken = randomToken();
    // Conditional on "no token yet": a concurrent or repeated batch mails once.
    const r = await db.subscription.updateMany({
      where: { id: sub.id, status: 'PENDING', tokenHash: null },
      data: { tokenHash: sha256(rawToken), tokenExpiresAt: expiresAt, lastConfirmationSentAt: now },
    });
    if (r.count === 0) continue;
    await sendOptInConfirmation(systemCtx(input.tenantId), { list, subscriber: sub.subscriber, rawToken, expiresAt, subscriptionId: sub.id });
    mailed += 1;
  }
  const next = batch.length === IMPORT_OPT_IN_BATCH ? batch.at(-1)!.id : null;
  if (next) await queueImportOptInMails({ tenantId: input.tenantId, importId: imp.id, after: next }, { delay: IMPORT_OPT_IN_INTERVAL_MS, prefix: input.prefix });
  return { mailed, next };
}
