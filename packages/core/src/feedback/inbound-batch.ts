// Stored inbound mail applied in batches: one transaction claims up to INBOUND_BATCH_SIZE
// PENDING rows (FOR UPDATE SKIP LOCKED, so any number of worker processes drain the table
// side by side without taking the same row), classifies them in the thread pool, applies
// their effects set-based and moves every row to a terminal state in the same commit:
//   APPLIED   it matched a message (or an unsubscribe token) and its effect is recorded
//             (result.effect 'duplicate' when that effect was already there);
//   UNMATCHED no message of ours to apply it to, or nothing to apply (result.reason);
//   REFUSED   not believed or over a limit (result.reason);
//   FAILED    unclassifiable within the budget, or failing again and again (error).
// Effects and the row's state move together, so a batch that dies half way changes nothing
// and its rows are claimed again; a row that is APPLIED is never applied twice.
import { Prisma, sqlExecute, sqlTransaction, type SqlTx } from '@rundbrief/db';
import type { BounceResult } from '@rundbrief/mailer/bounce/index';
import { verifyMessageId } from '../deliverability/message-id.ts';
import { parseVerp } from '../deliverability/verp.ts';
import { DomainError } from '../errors.ts';
import { platformSettings, type FblReporter } from '../platform/settings.ts';
import { afterFeedback } from './after-feedback.ts';
import { applyBounces, messagesForFeedback, restSendingIp, type AsyncBounce } from './apply-bounce.ts';
import { applyComplaint } from './apply-complaint.ts';
import { kickWebhookDispatch } from '../webhooks/events.ts';
import { ClassificationFailed, classifyInbound } from './classify.ts';
import { routeInboundRecipient } from './inbound.ts';
import { feedbackEnv, takeSourceBudget } from './limits.ts';
import { reporterForIp } from './reporters.ts';
import { unsubscribeByToken } from './unsubscribe.ts';
import { applyPlatformBounce } from './platform-bounce.ts';

export type InboundStatus = 'APPLIED' | 'UNMATCHED' | 'REFUSED' | 'FAILED';
export type Outcome = {
  effect: string;
  reason?: string;
  campaignId?: string;
  classification?: Partial<BounceResult>;
  recipients?: Outcome[];
  ipRested?: { ip: string; domain: string } | null;
};
export type BatchResult = { claimed: number; outcomes: Map<string, { status: InboundStatus; outcome: Outcome }> };

/** Raw mail held in memory by one batch at most (a DSN is a few KB; the server takes up to 10 MB). */
const BATCH_BYTES = 32 * 1024 * 1024;
/** A row whose batch fails this often for reasons other than classification ends FAILED. */
const MAX_ATTEMPTS = 5;

type Row = { id: string; rcptTo: string[]; remoteIp: string; raw: Uint8Array };
type Verdict = { status: InboundStatus; outcome: Outcome };
/** What one of a row's recipients asks for, before the batch's effects are applied. */
type Intent =
  | { kind: 'final'; verdict: Verdict }
  | { kind: 'unsubscribe'; token: string }
  | { kind: 'bounce'; messageId: string; result: BounceResult; category: 'hard' | 'soft' | 'block' }
  | { kind: 'complaint'; messageId: string; result: BounceResult }
  | { kind: 'platform-bounce'; platformMailId: string; result: BounceResult; category: 'hard' | 'soft' | 'block' };

const summary = (r: BounceResult): Partial<BounceResult> => ({
  isBounce: r.isBounce, category: r.category, recipient: r.recipient, status: r.status, smtpCode: r.smtpCode,
  diagnostic: r.diagnostic.slice(0, 500), reportingMta: r.reportingMta, feedbackType: r.feedbackType,
});
const unmatched = (reason: string, classification?: Partial<BounceResult>, effect = 'unmatched'): Intent =>
  ({ kind: 'final', verdict: { status: 'UNMATCHED', outcome: { effect, reason, ...(classification ? { classification } : {}) } } });
const refused = (reason: string, classification: Partial<BounceResult>): Intent =>
  ({ kind: 'final', verdict: { status: 'REFUSED', outcome: { effect: 'refused', reason, classification } } });

/** The Message a feedback report is about, named by a signed identifier only. */
function messageOfReport(result: BounceResult): string | null {
  const fromVerp = result.original?.returnPath ? parseVerp(result.original.returnPath) : null;
  return fromVerp ?? verifyMessageId(result.original?.messageId);
}

/** What one recipient of a stored message asks for (exported for its unit test). */
export function intentOf(rcpt: string, result: BounceResult | null, row: Row, reporters: FblReporter[]): Intent {
  const route = routeInboundRecipient(rcpt);
  if (!route) return unmatched('not-our-address');
  if (route.kind === 'UNSUBSCRIBE') return { kind: 'unsubscribe', token: route.token };
  const r = result!;
  const classification = summary(r);
  const category: string = r.category;
  // Platform mail (p-<id>-<mac>@): only its bounces count; nothing else sent there is believed.
  if (route.kind === 'PLATFORM_BOUNCE') {
    return category === 'hard' || category === 'soft' || category === 'block'
      ? { kind: 'platform-bounce', platformMailId: route.platformMailId, result: r, category }
      : unmatched(category, classification, 'ignored');
  }
  switch (category) {
    case 'complaint': {
      // Anybody can write a complaint: it counts only from a configured reporter, which the
      // server checked before accepting mail at the FBL address.
      if (route.kind === 'BOUNCE' && !reporterForIp(reporters, row.remoteIp)) return refused('complaint-not-from-reporter', classification);
      const messageId = route.kind === 'BOUNCE' ? route.messageId : messageOfReport(r);
      if (!messageId) return unmatched('no-signed-identifier', classification);
      return { kind: 'complaint', messageId, result: r };
    }
    case 'hard':
    case 'soft':
    case 'block':
      // A bounce comes back to the VERP address it is about; one sent to the FBL address
      // (where only reports are expected) is not believed.
      if (route.kind !== 'BOUNCE') return refused('dsn-at-fbl', classification);
      return { kind: 'bounce', messageId: route.messageId, result: r, category };
    case 'auto-reply':
    case 'not-a-bounce':
      return unmatched(category, classification, 'ignored');
    default:
      // A kind the classifier learned after this code was written: kept, visible, unapplied.
      return unmatched(`unknown-kind:${category}`, classification);
  }
}

function combine(verdicts: Verdict[]): Verdict {
  if (verdicts.length === 1) return verdicts[0]!;
  const status = (['APPLIED', 'REFUSED', 'UNMATCHED'] as const).find((s) => verdicts.some((v) => v.status === s)) ?? 'UNMATCHED';
  return { status, outcome: { effect: 'several', recipients: verdicts.map((v) => v.outcome) } };
}

type Filter = { ids?: string[]; receivedBefore?: Date };

async function claim(tx: SqlTx, filter: Filter, limit: number): Promise<Row[]> {
  const where = Prisma.sql`status = 'PENDING'
    ${filter.ids ? Prisma.sql`AND id = ANY(${filter.ids}::uuid[])` : Prisma.empty}
    ${filter.receivedBefore ? Prisma.sql`AND "receivedAt" < ${filter.receivedBefore}` : Prisma.empty}`;
  const locked = await tx.query<{ id: string; size: number }>(Prisma.sql`
    SELECT id::text AS id, size FROM "InboundMessage" WHERE ${where} ORDER BY "receivedAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED`);
  let bytes = 0;
  const keep = locked.filter((r, i) => (bytes += r.size) <= BATCH_BYTES || i === 0).map((r) => r.id);
  if (keep.length === 0) return [];
  const rows = await tx.query<Row>(Prisma.sql`
    SELECT id::text AS id, "rcptTo", "remoteIp", raw FROM "InboundMessage" WHERE id = ANY(${keep}::uuid[])`);
  const order = new Map(keep.map((id, i) => [id, i]));
  return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

/** The batch's work inside its transaction; returns the verdicts and the campaigns to re-check for auto-pause. */
async function applyIn(tx: SqlTx, filter: Filter, limit: number, claimed: string[]) {
  const rows = await claim(tx, filter, limit);
  claimed.push(...rows.map((r) => r.id));
  const verdicts = new Map<string, Verdict>();
  if (rows.length === 0) return { verdicts, recheck: new Set<string>() };

  const classified = await Promise.all(rows.map(async (row) => {
    if (!row.rcptTo.some((a) => routeInboundRecipient(a)?.kind !== 'UNSUBSCRIBE')) return null;
    try {
      return await classifyInbound(row.raw);
    } catch (err) {
      // Over the time budget, or unparseable: the same mail would fail the same way again.
      if (err instanceof ClassificationFailed) return err;
      throw err;
    }
  }));
  const { fblReporters } = await platformSettings();
  const perRow = rows.map((row, i) => {
    const c = classified[i];
    if (c instanceof ClassificationFailed) {
      verdicts.set(row.id, { status: 'FAILED', outcome: { effect: 'failed', reason: c.message } });
      return [];
    }
    return row.rcptTo.map((rcpt) => intentOf(rcpt, c ?? null, row, fblReporters));
  });

  // Per reporting source, the first effects of the batch within its hourly cap count.
  const wanting = new Map<string, Intent[]>();
  rows.forEach((row, i) => {
    for (const it of perRow[i]!) if (it.kind === 'bounce' || it.kind === 'complaint' || it.kind === 'platform-bounce') wanting.set(row.remoteIp, [...(wanting.get(row.remoteIp) ?? []), it]);
  });
  const overCap = new Set<Intent>();
  for (const [source, intents] of wanting) {
    const allowed = await takeSourceBudget(source, intents.length);
    for (const it of intents.slice(allowed)) overCap.add(it);
  }

  const messages = await messagesForFeedback(tx, perRow.flat().flatMap((it) => (it.kind === 'bounce' || it.kind === 'complaint' ? [it.messageId] : [])));
  const results = new Map<Intent, Verdict>();
  const bounces: { it: Intent; b: AsyncBounce }[] = [];
  const recheck = new Set<string>();

  for (const [i, row] of rows.entries()) {
    for (const it of perRow[i]!) {
      if (it.kind === 'final') {
        results.set(it, it.verdict);
      } else if (it.kind === 'unsubscribe') {
        // Before this transaction locks any message or subscriber row: the unsubscribe runs
        // in a transaction of its own and must not wait for ours. Idempotent on a re-run.
        try {
          const u = await unsubscribeByToken(it.token, { source: 'mailto' });
          results.set(it, { status: 'APPLIED', outcome: { effect: u.changed ? 'unsubscribed' : 'already-unsubscribed' } });
        } catch (err) {
          if (!(err instanceof DomainError && err.code === 'NOT_FOUND')) throw err;
          results.set(it, unmatchedVerdict('message-gone'));
        }
      } else if (overCap.has(it)) {
        results.set(it, { status: 'REFUSED', outcome: { effect: 'refused', reason: 'source-cap', classification: summary(it.result) } });
      } else if (it.kind === 'platform-bounce') {
        const r = it.result;
        const effect = await applyPlatformBounce(tx, { platformMailId: it.platformMailId, category: it.category, status: r.status, diagnostic: r.diagnostic, inboundId: row.id });
        results.set(it, effect === 'message-gone' ? unmatchedVerdict('message-gone') : { status: 'APPLIED', outcome: { effect, classification: summary(r) } });
      } else {
        const m = messages.get(it.messageId);
        // The message was deleted since (tenant erased, campaign removed): nothing to apply.
        if (!m) results.set(it, unmatchedVerdict('message-gone'));
        else if (it.kind === 'bounce') {
          const r = it.result;
          bounces.push({ it, b: { message: m, category: it.category, status: r.status, smtpCode: r.smtpCode, diagnostic: r.diagnostic, reportingMta: r.reportingMta, action: r.action ?? null, inboundId: row.id, reporterIp: row.remoteIp } });
        }
      }
    }
  }

  // The IP rests before the batch's effects: the next send to the domain must already avoid it.
  const rests = new Map<Intent, Awaited<ReturnType<typeof restSendingIp>>>();
  for (const { it, b } of bounces) if (b.category === 'block' && b.action !== 'delayed') rests.set(it, await restSendingIp(b));
  const effects = await applyBounces(tx, bounces.map((x) => x.b));
  bounces.forEach(({ it, b }, i) => {
    const rest = rests.get(it);
    const effect = effects[i]!;
    if (effect === 'hard') recheck.add(b.message.campaignId);
    results.set(it, {
      status: 'APPLIED',
      outcome: {
        effect, campaignId: b.message.campaignId, classification: summary((it as { result: BounceResult }).result),
        ...(rest ? { ipRested: rest.rested, ...(rest.evidence && !rest.evidence.corroborated ? { blockEvidence: rest.evidence } : {}) } : {}),
      },
    });
  });

  for (const [i, row] of rows.entries()) {
    for (const it of perRow[i]!) {
      if (it.kind !== 'complaint' || results.has(it)) continue;
      const m = messages.get(it.messageId)!;
      const r = it.result;
      const effect = await applyComplaint(tx, {
        message: m, feedbackType: r.feedbackType ?? 'abuse', reportedRecipients: [r.recipient, ...(r.recipients ?? []).map((x) => x.recipient)],
        reportingMta: r.reportingMta, inboundId: row.id,
      });
      if (effect === 'complaint') recheck.add(m.campaignId);
      const status: InboundStatus = effect === 'ignored' || effect === 'recipient-mismatch' ? 'UNMATCHED' : 'APPLIED';
      results.set(it, { status, outcome: { effect, campaignId: m.campaignId, classification: summary(r), ...(status === 'UNMATCHED' ? { reason: effect } : {}) } });
    }
  }

  for (const [i, row] of rows.entries()) {
    if (!verdicts.has(row.id)) verdicts.set(row.id, combine(perRow[i]!.map((it) => results.get(it)!)));
  }
  const ids = [...verdicts.keys()];
  const vs = [...verdicts.values()];
  await tx.execute(Prisma.sql`
    UPDATE "InboundMessage" i SET status = v.status, result = v.result::jsonb, error = NULLIF(v.error, ''), "processedAt" = clock_timestamp()
    FROM unnest(${ids}::uuid[], ${vs.map((v) => v.status)}::text[], ${vs.map((v) => JSON.stringify(v.outcome))}::text[],
                ${vs.map((v) => (v.status === 'FAILED' ? v.outcome.reason ?? '' : ''))}::text[]) AS v(id, status, result, error)
    WHERE i.id = v.id`);
  return { verdicts, recheck };
}

const unmatchedVerdict = (reason: string): Verdict => ({ status: 'UNMATCHED', outcome: { effect: 'message-gone', reason } });

/** Deadlocks and serialisation failures between concurrent batches: the batch is simply run again. */
const isConflict = (err: unknown) => ['40P01', '40001'].includes((err as { code?: string }).code ?? '');
/** Lost connections and the like: the job is retried later, no row is blamed. */
const isInfrastructure = (err: unknown) => {
  const code = String((err as { code?: string }).code ?? '');
  return /^(08|53|57)/.test(code) || /^E[A-Z]+$/.test(code) || /Connection terminated|timeout exceeded when trying to connect/i.test((err as Error).message ?? '');
};

async function runOnce(filter: Filter, limit: number, claimed: string[]) {
  for (let attempt = 0; ; attempt++) {
    claimed.length = 0;
    try {
      return await sqlTransaction((tx) => applyIn(tx, filter, limit, claimed));
    } catch (err) {
      if (isConflict(err) && attempt < 5) continue;
      throw err;
    }
  }
}

/**
 * Applies one batch of PENDING inbound messages (optionally only `ids`, or only those
 * received before a time). A batch that fails for a reason other than infrastructure is
 * split into single rows, so one poisonous message cannot hold up the others; that row
 * records its error and ends FAILED after MAX_ATTEMPTS.
 */
export async function applyInboundBatch(filter: Filter = {}, limit = feedbackEnv().INBOUND_BATCH_SIZE): Promise<BatchResult> {
  const claimed: string[] = [];
  let done: Awaited<ReturnType<typeof applyIn>>;
  try {
    done = await runOnce(filter, limit, claimed);
  } catch (err) {
    if (isInfrastructure(err) || claimed.length === 0) throw err;
    if (claimed.length === 1) {
      await recordFailure(claimed[0]!, err as Error);
      return { claimed: 1, outcomes: new Map() };
    }
    const outcomes = new Map<string, Verdict>();
    for (const id of [...claimed]) {
      const one = await applyInboundBatch({ ids: [id] }, 1);
      for (const [k, v] of one.outcomes) outcomes.set(k, v);
    }
    return { claimed: claimed.length, outcomes };
  }
  // Committed: wake the webhook dispatcher for the batch's message.bounced / complained events.
  if (done.verdicts.size > 0) await kickWebhookDispatch();
  // Auto-pause looks at hard bounces and complaints only.
  for (const campaignId of done.recheck) await recheckAutoPause(campaignId);
  return { claimed: done.verdicts.size, outcomes: done.verdicts };
}

// checkAutoPause counts the campaign's messages by status: at a million recipients a scan
// of a million index entries, too much for every small batch of a steady stream. So one
// campaign is checked at most once a second per process, and a check skipped within that
// second runs at its end. (Send batches check too, so a lost timer only delays a pause.)
const AUTO_PAUSE_EVERY_MS = 1000;
const lastAutoPauseCheck = new Map<string, number>();
const trailingAutoPauseCheck = new Set<string>();

async function recheckAutoPause(campaignId: string): Promise<void> {
  const since = Date.now() - (lastAutoPauseCheck.get(campaignId) ?? 0);
  if (since >= AUTO_PAUSE_EVERY_MS) {
    if (lastAutoPauseCheck.size > 10_000) lastAutoPauseCheck.clear();
    lastAutoPauseCheck.set(campaignId, Date.now());
    return afterFeedback(campaignId);
  }
  if (trailingAutoPauseCheck.has(campaignId)) return;
  trailingAutoPauseCheck.add(campaignId);
  setTimeout(() => {
    trailingAutoPauseCheck.delete(campaignId);
    recheckAutoPause(campaignId).catch(() => {});
  }, AUTO_PAUSE_EVERY_MS - since).unref();
}

async function recordFailure(id: string, err: Error) {
  const message = String(err.message).slice(0, 500);
  await sqlExecute(Prisma.sql`
    UPDATE "InboundMessage" SET
      result = jsonb_set(COALESCE(result, '{}'::jsonb), '{attempts}', to_jsonb(COALESCE((result->>'attempts')::int, 0) + 1)),
      error = ${message},
      status = CASE WHEN COALESCE((result->>'attempts')::int, 0) + 1 >= ${MAX_ATTEMPTS} THEN 'FAILED' ELSE status END,
      "processedAt" = CASE WHEN COALESCE((result->>'attempts')::int, 0) + 1 >= ${MAX_ATTEMPTS} THEN clock_timestamp() ELSE "processedAt" END
    WHERE id = ${id}::uuid AND status = 'PENDING'`);
}

/**
 * Applies batches until nothing PENDING is left that this process could claim (or `maxMs`
 * has passed); returns how many messages it moved to a terminal state.
 */
export async function drainInbound(opts: { maxMs?: number; receivedBefore?: Date } = {}): Promise<number> {
  const until = Date.now() + (opts.maxMs ?? 60_000);
  let total = 0;
  while (Date.now() < until) {
    const r = await applyInboundBatch(opts.receivedBefore ? { receivedBefore: opts.receivedBefore } : {});
    total += r.outcomes.size;
    if (r.claimed === 0) break;
  }
  return total;
}
