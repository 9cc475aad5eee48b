// One send job: a batch of message ids of one campaign. Between chunks it re-checks that
// the campaign is still SENDING (pause / cancel stop within one chunk), takes the tenant's
// daily and per-minute budgets, claims the chunk (conditional), delivers each message individually with a
// bounded number in parallel, and records the chunk's outcomes in one statement.
import { Prisma, sqlQuery } from '@rundbrief/db';
import { renderSubject, slotValues } from '@rundbrief/mailer/render/render';
import type { MergeVars } from '@rundbrief/mailer/render/types';
import { composePrepared, serializeMessage } from '@rundbrief/mailer/mime/compose';
import { systemCtx } from '../context.ts';
import { makeMessageId } from '../deliverability/message-id.ts';
import { verpAddress } from '../deliverability/verp.ts';
import { clickUrls, openPixelUrl, preferencesUrl, unsubscribeMailto, unsubscribeToken, unsubscribeUrl } from '../links.ts';
import { claimMessages, markHandedOver, pendingRetries, type ClaimedMessage } from './claim.ts';
import { getSendContext, type SendContext } from './context.ts';
import { deferForDailyLimit } from './daily-limit.ts';
import { deliver, type DeliveryResult, type HandOver } from './deliver.ts';
import { sendingEnv } from './env.ts';
import { SEND_JOB, type SendBatchPayload } from './jobs.ts';
import { returnDailyTokens, takeDailyTokens, takeTokens } from './limits.ts';
import { completeIfDone, deferOrFail, recordOutcomes, type Outcome } from './outcomes.ts';
import type { SendRuntime } from './runtime.ts';

/** Messages marked as handed over per statement (see processSendBatch). */
const HANDOVER_GROUP = 8;

export type BatchResult = { sent: number; deferred: number; bounced: number; failed: number; skipped: number; stopped: string | null };

async function campaignStatus(tenantId: string, campaignId: string): Promise<string | null> {
  const rows = await sqlQuery<{ status: string }>(Prisma.sql`
    SELECT status::text AS status FROM "Campaign" WHERE id = ${campaignId}::uuid AND "tenantId" = ${tenantId}::uuid`);
  return rows[0]?.status ?? null;
}

/**
 * Builds the signed raw message for one recipient: no MJML and no encoding of the static
 * body (both done once per campaign); only the merge values are rendered and encoded.
 */
/** What building a message needs of the send context (not the tenant: nothing here is looked up). */
export type MessageBuildContext = Pick<SendContext, 'compiled' | 'body' | 'variants' | 'tpl' | 'signer' | 'fromDomain' | 'trackOpens' | 'trackClicks'>;

export function buildRaw(ctx: MessageBuildContext, m: Pick<ClaimedMessage, 'id' | 'subscriberId' | 'email' | 'firstName' | 'lastName' | 'attributes'> & { variantId?: string | null }) {
  const unsubToken = unsubscribeToken(m.id);
  const unsub = unsubscribeUrl(m.id, unsubToken);
  const vars: MergeVars = {
    email: m.email, firstName: m.firstName, lastName: m.lastName, attributes: m.attributes ?? {},
    unsubscribeUrl: unsub, preferencesUrl: preferencesUrl(m.subscriberId),
    openPixelUrl: ctx.trackOpens ? openPixelUrl(m.id) : undefined,
    clickUrl: ctx.trackClicks ? clickUrls(m.id) : undefined,
  };
  // A/B test: the recipient's variant, compiled once at start like the campaign; never
  // silently another variant (a missing one fails this message).
  const variant = m.variantId ? ctx.variants.get(m.variantId) : undefined;
  if (m.variantId && !variant) throw new Error(`variant ${m.variantId} was not compiled at start`);
  const c = variant?.compiled ?? ctx.compiled;
  // Carries a MAC: feedback reports that quote it are believed only through it.
  const messageId = makeMessageId(m.id, ctx.fromDomain);
  const msg = composePrepared(ctx.tpl, variant?.body ?? ctx.body, {
    to: m.email, toName: [m.firstName, m.lastName].filter(Boolean).join(' ') || null, subject: renderSubject(c, vars), messageId,
    unsubscribeUrl: unsub, unsubscribeMailto: unsubscribeMailto(m.id, unsubToken),
    textValues: slotValues(c, c.text, vars), htmlValues: slotValues(c, c.html, vars),
  });
  return { raw: serializeMessage(msg, ctx.signer.sign(msg)), messageId };
}

/**
 * How a delivery result becomes the message's status (pure; `now` for the retry deadline):
 * 2xx SENT; connection lost after the data AMBIGUOUS (listed, never resent blindly); 5xx hard
 * BOUNCED; rate-limited before any attempt DEFERRED without counting an attempt; 4xx or no
 * usable IP DEFERRED with growing backoff until the deadline, then FAILED (soft).
 */
export function outcomeOf(m: OutcomeSource, r: Exclude<DeliveryResult, { kind: 'released' }>, messageId: string | null, now = new Date()): Outcome {
  if (r.kind === 'delivered') return makeOutcome(m, r, messageId, 'SENT', r.code, null, null, 1);
  // Fate unknown (connection lost after the data): listed, never resent blindly.
  if (r.kind === 'unknown') return makeOutcome(m, r, messageId, 'AMBIGUOUS', null, null, null, 1);
  if (r.kind === 'hard') return makeOutcome(m, r, messageId, 'BOUNCED', r.code, `hard:${r.cls.reason}`, null, 1);
  if (r.kind === 'postponed' && r.retryAt) {
    // Rate-limited before any attempt: wait for the window, no attempt counted.
    return makeOutcome(m, r, messageId, 'DEFERRED', null, null, r.retryAt, 0);
  }
  const next = deferOrFail({ firstAttemptAt: m.firstAttemptAt, attempts: m.attempts + 1 }, now);
  const code = r.kind === 'soft' ? r.code : null;
  const category = r.kind === 'soft' ? `soft:${r.cls.reason}` : 'soft:no-ip';
  return makeOutcome(m, r, messageId, next.status, code, next.status === 'FAILED' ? category : null, next.nextAttemptAt, 1);
}

type OutcomeSource = Pick<ClaimedMessage, 'id' | 'subscriberId' | 'email' | 'prev' | 'attempts' | 'firstAttemptAt'>;

/**
 * One object literal of one shape for every outcome: no spread, and a module function rather
 * than a closure per call (tsx names a named closure with a property definition each time).
 */
function makeOutcome(m: OutcomeSource, r: { reply: string; ip: string | null }, messageId: string | null, status: Outcome['status'], smtpCode: number | null, bounceCategory: string | null, nextAttemptAt: Date | null, attempted: 0 | 1): Outcome {
  return { id: m.id, subscriberId: m.subscriberId, email: m.email, status, smtpCode, smtpReply: r.reply, sourceIp: r.ip, messageId, nextAttemptAt, bounceCategory, attempted, prev: m.prev };
}

/** One message: build, hand over, deliver. null when the claim was lost before the attempt (nothing sent, nothing to record). */
async function sendOne(rt: SendRuntime, ctx: SendContext, m: ClaimedMessage, handOver: HandOver): Promise<Outcome | null> {
  let built;
  try {
    built = buildRaw(ctx, m);
  } catch (err) {
    // A message that cannot be built will never be sendable: fail it, keep the batch going.
    return { id: m.id, subscriberId: m.subscriberId, email: m.email, prev: m.prev, sourceIp: null, messageId: null, bounceCategory: null, status: 'FAILED', smtpCode: null, smtpReply: `compose: ${(err as Error).message}`, nextAttemptAt: null, attempted: 0 };
  }
  const r = await deliver(rt, { from: verpAddress(m.id, ctx.envelopeDomain), to: m.email }, built.raw, ctx.tenantId, handOver);
  if (r.kind === 'released') return null;
  return outcomeOf(m, r, built.messageId, new Date(rt.clock.now()));
}

/**
 * One send job. Messages stream through `concurrency` senders: the next chunk is claimed
 * (conditional, SKIP LOCKED) while the current one is being delivered, and outcomes are
 * recorded in batches behind the senders, so no sender waits at a chunk boundary. The
 * campaign status is re-read at most once a second: after a pause or cancel nothing more is
 * claimed and claimed-but-unsent messages are handed back (QUEUED), so in-flight work stops
 * within about a second.
 */
export async function processSendBatch(rt: SendRuntime, data: SendBatchPayload, job: { jobId: string; workerId: string }): Promise<BatchResult> {
  const env = sendingEnv();
  const { tenantId, campaignId, messageIds } = data;
  // The job payload names the tenant; the platform acts on its behalf.
  const tenant = systemCtx(tenantId);
  const result: BatchResult = { sent: 0, deferred: 0, bounced: 0, failed: 0, skipped: 0, stopped: null };
  const concurrency = Math.max(1, env.SEND_CONCURRENCY);
  // Claims of about two rounds of senders; outcomes recorded in batches of up to 100 (or
  // whenever a claim happens), so the bookkeeping is a few statements per hundred mails.
  // The batch is cut into equal claims (200 ids: 4 of 50, not 4 of 48 and one of 8).
  const claims = Math.max(1, Math.ceil(messageIds.length / Math.max(concurrency * 2, 16)));
  const chunkSize = Math.max(Math.ceil(messageIds.length / claims), 16);
  const recordEvery = Math.max(chunkSize, 100);
  const deferredIds: string[] = [];
  const queue: ClaimedMessage[] = [];
  let next = 0;
  /** Set when the tenant's rate budget is exhausted for longer than a short sleep. */
  let rateWaitMs: number | null = null;
  /** Set when the tenant's daily limit is used up: the rest waits until this time (next UTC day). */
  let dailyWaitUntil: Date | null = null;
  let checkedAt = 0;
  let claiming: Promise<void> | null = null;

  // Hand-over marks (the lease sweep's evidence, see claim.ts markHandedOver). One statement
  // marks the message whose transaction is about to start plus the next ones in line (those
  // in other senders' hands, then the head of the claimed queue), up to HANDOVER_GROUP; their
  // own transactions then start without a statement. So the mark costs one statement per
  // group, not per message, and a crash can leave at most a group per job marked that never
  // reached a server (listed ambiguous, never resent); everything unmarked is resent.
  const marked = new Set<string>();
  /** Ids the mark refused: no longer ours (released by the lease sweep), never sent by this job. */
  const refused = new Set<string>();
  /** Messages in a sender's hands whose transaction has not started yet. */
  const onDeck = new Set<string>();
  let marking: Promise<void> | null = null;
  const handOver = (id: string): HandOver => () => {
    onDeck.delete(id);
    // Already marked with an earlier group (the usual case): answered without a promise.
    if (marked.has(id)) return true;
    if (refused.has(id)) return false;
    return markLoop(id);
  };
  const markLoop = async (id: string): Promise<boolean> => {
    for (;;) {
      if (marked.has(id)) return true;
      if (refused.has(id)) return false;
      if (marking) {
        await marking;
        continue;
      }
      const ids = [id];
      const add = (other: string) => {
        if (ids.length < HANDOVER_GROUP && other !== id && !marked.has(other) && !refused.has(other)) ids.push(other);
      };
      for (const other of onDeck) add(other);
      for (let i = 0; i < queue.length && ids.length < HANDOVER_GROUP; i++) add(queue[i]!.id);
      marking = markHandedOver(tenant, { ids, workerId: job.workerId })
        .then((ours) => {
          for (const i of ids) (ours.has(i) ? marked : refused).add(i);
        })
        .finally(() => {
          marking = null;
        });
      await marking;
    }
  };

  // Bookkeeping runs behind the senders, serialised among itself.
  let pending: Outcome[] = [];
  let recording: Promise<unknown> = Promise.resolve();
  let recordError: unknown = null;
  /** A failed outcome write is retried (outcomes.ts recordOutcomes); the time counts from the job's first failure. */
  const recordRetry = { clock: rt.clock, log: rt.log, window: { until: null as number | null } };
  let flushedAt = rt.clock.now();
  const flush = () => {
    flushedAt = rt.clock.now();
    if (pending.length === 0) return;
    const outcomes = pending;
    pending = [];
    recording = recording
      .then(() => recordOutcomes(tenant, { campaignId, workerId: job.workerId, outcomes }, recordRetry))
      .catch((err) => {
        recordError ??= err;
      });
  };
  const tally = (o: Outcome) => {
    pending.push(o);
    if (o.status === 'SENT') result.sent++;
    else if (o.status === 'DEFERRED') {
      result.deferred++;
      deferredIds.push(o.id);
    } else if (o.status === 'BOUNCED') result.bounced++;
    else if (o.status === 'FAILED') result.failed++;
    if (pending.length >= recordEvery || rt.clock.now() - flushedAt > 1000) flush();
  };

  const stopped = () => result.stopped !== null || recordError !== null;
  const more = () => !stopped() && rateWaitMs === null && dailyWaitUntil === null && next < messageIds.length;

  const refreshStatus = async () => {
    if (rt.clock.now() - checkedAt <= 1000) return;
    checkedAt = rt.clock.now();
    const status = await campaignStatus(tenantId, campaignId);
    if (status !== 'SENDING') result.stopped = status ?? 'MISSING';
  };

  const claimChunk = async (): Promise<void> => {
    await refreshStatus();
    if (!more()) return;
    const want = messageIds.slice(next, next + chunkSize);
    const ctx = await getSendContext(rt, tenantId, campaignId);
    // The day's budget first (atomic per chunk); what the minute's budget then refuses goes back.
    const daily = await takeDailyTokens(rt.redis, rt.prefix, tenantId, want.length, ctx.dailySendLimit);
    if (daily.granted === 0) {
      dailyWaitUntil = daily.endsAt;
      return;
    }
    const budget = await takeTokens(rt.redis, `${rt.prefix}:rate:tenant:${tenantId}`, daily.granted, ctx.sendRatePerMinute);
    await returnDailyTokens(rt.redis, daily.key, daily.granted - budget.granted);
    if (budget.granted === 0) {
      const wait = budget.retryAtMs - rt.clock.now();
      if (wait <= 5_000) await rt.clock.sleep(wait + 10);
      // Don't hold a worker slot for a minute: a delayed continuation job takes the rest.
      else rateWaitMs = wait;
      return;
    }
    const ids = want.slice(0, budget.granted);
    next += ids.length;
    const claimed = await claimMessages(tenant, { campaignId, ids, workerId: job.workerId });
    let sending = 0;
    for (const m of claimed) {
      if (m.status === 'SKIPPED') result.skipped++;
      else {
        queue.push(m);
        sending++;
      }
    }
    // Ids already sent (a follow-up job carries its whole batch), taken elsewhere or skipped
    // use none of the day's budget.
    await returnDailyTokens(rt.redis, daily.key, ids.length - sending);
  };

  /** Starts a claim unless one is running; the promise settles when it is done. */
  const claim = () => {
    // A failed claim (Postgres away) stops the job like a failed record: the senders finish
    // what they hold, and every outcome known so far is still recorded (with retries).
    claiming ??= claimChunk().catch((err) => {
      recordError ??= err;
    }).finally(() => {
      claiming = null;
    });
    return claiming;
  };

  const sender = async (ctx: SendContext) => {
    for (;;) {
      // Prefetch: claim the next chunk while this one is still being delivered.
      if (queue.length <= concurrency && more()) void claim().catch(() => {});
      const m = queue.shift();
      if (!m) {
        if (claiming) {
          // Idle until the claim is done (it may wait seconds for the next minute of the send
          // rate): record what was delivered first. Outcomes are otherwise flushed only by the
          // next tally, so they stayed SENDING for the whole wait, and a worker killed meanwhile
          // left them to the lease sweep as ambiguous.
          flush();
          await claiming;
          continue;
        }
        if (more()) {
          await claim();
          continue;
        }
        return;
      }
      if (stopped()) {
        // Claimed but not attempted: hand it back for the resume.
        tally({ id: m.id, subscriberId: m.subscriberId, email: m.email, prev: m.prev, status: 'QUEUED', smtpCode: null, smtpReply: null, sourceIp: null, messageId: null, nextAttemptAt: m.prev === 'DEFERRED' ? new Date(rt.clock.now()) : null, bounceCategory: null, attempted: 0 });
        continue;
      }
      try {
        onDeck.add(m.id);
        let o: Outcome | null;
        try {
          o = await sendOne(rt, ctx, m, handOver(m.id));
        } finally {
          onDeck.delete(m.id);
        }
        if (o) tally(o);
      } catch (err) {
        // Unexpected (deliver never throws before an attempt): stop this job; the message
        // stays SENDING under our claim (marked: handed over) and the lease sweep lists it,
        // never resent blindly.
        recordError ??= err;
      }
      if (rt.clock.now() - checkedAt > 1000) {
        await refreshStatus().catch((err) => {
          recordError ??= err;
        });
      }
    }
  };

  // Senders keep claiming until every id was tried: a chunk that yields nothing (already
  // taken, e.g. by a worker that died holding this job) must not end the job early.
  const ctx = await getSendContext(rt, tenantId, campaignId);
  await Promise.all(Array.from({ length: concurrency }, () => sender(ctx)));
  flush();
  await recording;
  // Unrecorded outcomes stay SENDING under our claim: the lease sweep lists them AMBIGUOUS.
  if (recordError) throw recordError;
  if (result.stopped === null && dailyWaitUntil !== null) {
    // The rest waits (DEFERRED, no attempt counted) for the next UTC day; the follow-up below
    // is delayed until then, as for any deferred message of this batch.
    await deferForDailyLimit(tenant, { campaignId, ids: messageIds.slice(next), until: dailyWaitUntil });
  } else if (result.stopped === null && rateWaitMs !== null) {
    // Everything attempted so far is recorded; the rest (and this batch's deferred) continue later.
    await rt.enqueue(SEND_JOB, { ...data, messageIds: [...deferredIds, ...messageIds.slice(next)] }, { jobId: `${job.jobId}-c${next}`, delay: rateWaitMs, priority: 1 });
    result.stopped = 'TENANT_RATE';
  }
  if (result.stopped === null) {
    // Deferred messages of this batch come back in one delayed follow-up job.
    const pendingRetry = await pendingRetries(tenant, { campaignId, ids: messageIds });
    if (pendingRetry.count > 0) {
      const delay = Math.max(0, (pendingRetry.dueAt?.getTime() ?? rt.clock.now()) - rt.clock.now()) + 50;
      const followUp = data.followUp + 1;
      const baseId = job.jobId.replace(/-f\d+$/, '');
      await rt.enqueue(SEND_JOB, { ...data, followUp }, { jobId: `${baseId}-f${followUp}`, delay, priority: 1 });
    }
    await completeIfDone(tenant, campaignId);
  }
  return result;
}
