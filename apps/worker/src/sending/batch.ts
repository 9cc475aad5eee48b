// One send job: a batch of message ids of one campaign. Between chunks it re-checks that
// the campaign is still SENDING (pause / cancel stop within one chunk), takes the tenant's
// rate budget, claims the chunk (conditional), delivers each message individually with a
// bounded number in parallel, and records the chunk's outcomes in one statement.
import { getDb } from '@rundbrief/db';
import { clickUrl, getQueue, openPixelUrl, preferencesUrl, QUEUES, unsubscribeMailto, unsubscribeUrl, verpAddress } from '@rundbrief/core';
import { claimMessages, pendingRetries, type ClaimedMessage } from '@rundbrief/core/sending/claim';
import { sendingEnv } from '@rundbrief/core/sending/env';
import { SEND_JOB, type SendBatchPayload } from '@rundbrief/core/sending/jobs';
import { takeTokens } from '@rundbrief/core/sending/limits';
import { completeIfDone, deferOrFail, recordOutcomes, type Outcome } from '@rundbrief/core/sending/outcomes';
import { renderForRecipient } from '@rundbrief/mailer/render/render';
import { composeMessage, serializeMessage } from '@rundbrief/mailer/mime/compose';
import { getSendContext, type SendContext } from './context.ts';
import { deliver } from './deliver.ts';
import { getSendRuntime, type SendRuntime } from './runtime.ts';

export type BatchResult = { sent: number; deferred: number; bounced: number; failed: number; skipped: number; stopped: string | null };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function campaignStatus(tenantId: string, campaignId: string): Promise<string | null> {
  const rows = await getDb().$queryRaw<{ status: string }[]>`
    SELECT status::text AS status FROM "Campaign" WHERE id = ${campaignId}::uuid AND "tenantId" = ${tenantId}::uuid`;
  return rows[0]?.status ?? null;
}

/** Builds the signed raw message for one recipient (no MJML: a merge into the compilation). */
export function buildRaw(ctx: SendContext, m: Pick<ClaimedMessage, 'id' | 'subscriberId' | 'email' | 'firstName' | 'lastName' | 'attributes'>) {
  const unsub = unsubscribeUrl(m.id);
  const rendered = renderForRecipient(ctx.compiled, {
    email: m.email, firstName: m.firstName, lastName: m.lastName, attributes: m.attributes ?? {},
    unsubscribeUrl: unsub, preferencesUrl: preferencesUrl(m.subscriberId),
    openPixelUrl: ctx.trackOpens ? openPixelUrl(m.id) : undefined,
    clickUrl: ctx.trackClicks ? (i: number) => clickUrl(m.id, i) : undefined,
  });
  const messageId = `${m.id}@${ctx.fromDomain}`;
  const msg = composeMessage(ctx.tpl, {
    to: m.email, toName: [m.firstName, m.lastName].filter(Boolean).join(' ') || null, subject: rendered.subject, messageId,
    unsubscribeUrl: unsub, unsubscribeMailto: unsubscribeMailto(m.id), text: rendered.text, html: rendered.html,
  });
  return { raw: serializeMessage(msg, ctx.signer.sign(msg)), messageId };
}

async function sendOne(rt: SendRuntime, ctx: SendContext, m: ClaimedMessage): Promise<Outcome> {
  const base = { id: m.id, subscriberId: m.subscriberId, email: m.email, prev: m.prev, sourceIp: null, messageId: null, bounceCategory: null };
  let built;
  try {
    built = buildRaw(ctx, m);
  } catch (err) {
    // A message that cannot be built will never be sendable: fail it, keep the batch going.
    return { ...base, status: 'FAILED', smtpCode: null, smtpReply: `compose: ${(err as Error).message}`, nextAttemptAt: null, attempted: 0 };
  }
  const r = await deliver(rt, { from: verpAddress(m.id), to: m.email }, built.raw, ctx.tenantId);
  const withId = { ...base, messageId: built.messageId, sourceIp: r.ip };
  if (r.kind === 'delivered') return { ...withId, status: 'SENT', smtpCode: r.code, smtpReply: r.reply, nextAttemptAt: null, attempted: 1 };
  if (r.kind === 'hard') return { ...withId, status: 'BOUNCED', smtpCode: r.code, smtpReply: r.reply, bounceCategory: `hard:${r.cls.reason}`, nextAttemptAt: null, attempted: 1 };
  if (r.kind === 'postponed' && r.retryAt) {
    // Rate-limited before any attempt: wait for the window, no attempt counted.
    return { ...withId, status: 'DEFERRED', smtpCode: null, smtpReply: r.reply, nextAttemptAt: r.retryAt, attempted: 0 };
  }
  const next = deferOrFail({ createdAt: m.createdAt, attempts: m.attempts + 1 });
  const code = r.kind === 'soft' ? r.code : null;
  const category = r.kind === 'soft' ? `soft:${r.cls.reason}` : 'soft:no-ip';
  return { ...withId, status: next.status, smtpCode: code, smtpReply: r.reply, bounceCategory: next.status === 'FAILED' ? category : null, nextAttemptAt: next.nextAttemptAt, attempted: 1 };
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  }));
  return out;
}

export async function processSendBatch(data: SendBatchPayload, job: { jobId: string; workerId: string }): Promise<BatchResult> {
  const env = sendingEnv();
  const rt = getSendRuntime();
  const { tenantId, campaignId, messageIds } = data;
  const result: BatchResult = { sent: 0, deferred: 0, bounced: 0, failed: 0, skipped: 0, stopped: null };
  const concurrency = Math.max(1, env.SEND_CONCURRENCY);
  const chunkSize = concurrency * 2;
  let ctx: SendContext | undefined;
  const deferredIds: string[] = [];
  // Bookkeeping of chunk k runs while chunk k+1 is delivered (serialised among themselves).
  let recording: Promise<void> = Promise.resolve();
  let recordError: unknown = null;
  let checkedAt = 0;
  for (let i = 0; i < messageIds.length;) {
    // Pause / cancel take effect within about a second (plus the chunk in flight).
    if (Date.now() - checkedAt > 1000) {
      const status = await campaignStatus(tenantId, campaignId);
      checkedAt = Date.now();
      if (status !== 'SENDING') {
        result.stopped = status ?? 'MISSING';
        break;
      }
    }
    ctx ??= await getSendContext(tenantId, campaignId);
    const want = messageIds.slice(i, i + chunkSize);
    const budget = await takeTokens(rt.redis, `${rt.prefix}:rate:tenant:${tenantId}`, want.length, ctx.sendRatePerMinute);
    if (budget.granted === 0) {
      const wait = budget.retryAtMs - Date.now();
      if (wait <= 5_000) {
        await sleep(wait + 10);
        continue;
      }
      // Don't hold a worker slot for a minute: hand the rest to a delayed continuation job.
      await getQueue(QUEUES.send).add(SEND_JOB, { ...data, messageIds: [...deferredIds, ...messageIds.slice(i)] }, { jobId: `${job.jobId}-c${i}`, delay: wait, priority: 1 });
      result.stopped = 'TENANT_RATE';
      break;
    }
    const ids = want.slice(0, budget.granted);
    i += ids.length;
    const claimed = await claimMessages({ tenantId, campaignId, ids, workerId: job.workerId });
    result.skipped += claimed.filter((m) => m.status === 'SKIPPED').length;
    const sending = claimed.filter((m) => m.status === 'SENDING');
    const c = ctx;
    const outcomes = await mapLimit(sending, concurrency, (m) => sendOne(rt, c, m));
    recording = recording
      .then(() => recordOutcomes({ tenantId, campaignId, workerId: job.workerId, outcomes }))
      .catch((err) => {
        recordError ??= err;
      });
    if (recordError) break;
    for (const o of outcomes) {
      if (o.status === 'SENT') result.sent++;
      else if (o.status === 'DEFERRED') {
        result.deferred++;
        deferredIds.push(o.id);
      }
      else if (o.status === 'BOUNCED') result.bounced++;
      else if (o.status === 'FAILED') result.failed++;
    }
  }
  await recording;
  // Unrecorded outcomes stay SENDING under our claim: the lease sweep lists them AMBIGUOUS.
  if (recordError) throw recordError;
  if (result.stopped === null) {
    // Deferred messages of this batch come back in one delayed follow-up job.
    const pending = await pendingRetries({ tenantId, ids: messageIds });
    if (pending.count > 0) {
      const delay = Math.max(0, (pending.dueAt?.getTime() ?? Date.now()) - Date.now()) + 50;
      const followUp = data.followUp + 1;
      const baseId = job.jobId.replace(/-f\d+$/, '');
      await getQueue(QUEUES.send).add(SEND_JOB, { ...data, followUp }, { jobId: `${baseId}-f${followUp}`, delay, priority: 1 });
    }
    await completeIfDone(tenantId, campaignId);
  }
  return result;
}
