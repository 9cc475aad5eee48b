// Mail arriving at the inbound SMTP server: which recipients we accept, persisting before
// the 250, and turning a stored message into its effects (bounce, complaint, mailto
// unsubscribe) within seconds. A report changes a message only through an identifier we
// signed: the VERP return-path it was sent to or quotes, or the MAC'd Message-ID it quotes.
import { z } from 'zod';
import { getDb } from '@rundbrief/db';
import type { BounceResult } from '@rundbrief/mailer/bounce/index';
import { verifyMessageId } from '../deliverability/message-id.ts';
import { parseVerp } from '../deliverability/verp.ts';
import { DomainError } from '../errors.ts';
import { getQueue } from '../jobs/queue.ts';
import { QUEUES } from '../jobs/definitions.ts';
import { bounceDomain, fblAddress, readUnsubscribeToken } from '../links.ts';
import { platformSettings } from '../platform/settings.ts';
import { applyBounce } from './apply-bounce.ts';
import { applyComplaint } from './apply-complaint.ts';
import { ClassificationFailed, classifyInbound } from './classify.ts';
import { afterFeedback } from './after-feedback.ts';
import { feedbackEnv, takeSourceBudget } from './limits.ts';
import { reporterForIp } from './reporters.ts';
import { unsubscribeByToken } from './unsubscribe.ts';

export type InboundRoute =
  | { kind: 'BOUNCE'; messageId: string }
  | { kind: 'FBL' }
  | { kind: 'UNSUBSCRIBE'; token: string };

/**
 * What an envelope recipient is for, or null when we do not accept mail for it. Only our
 * own HMAC-checked VERP addresses, the FBL address and validly signed mailto-unsubscribe
 * addresses are accepted, so the server is no open relay and no spam sink. The address is
 * lower-cased once here; only an unsubscribe token keeps its case (base64url).
 */
export function routeInboundRecipient(address: string): InboundRoute | null {
  const at = address.lastIndexOf('@');
  if (at <= 0) return null;
  const lower = address.toLowerCase();
  if (lower === fblAddress()) return { kind: 'FBL' };
  if (lower.slice(at + 1) !== bounceDomain().toLowerCase()) return null;
  const messageId = parseVerp(lower);
  if (messageId) return { kind: 'BOUNCE', messageId };
  const unsub = /^unsubscribe\+(.+)$/i.exec(address.slice(0, at));
  if (unsub && readUnsubscribeToken(unsub[1]!)) return { kind: 'UNSUBSCRIBE', token: unsub[1]! };
  return null;
}

/** One key per thing an address names: two spellings of one address are one recipient. */
export const routeKey = (r: InboundRoute) => (r.kind === 'BOUNCE' ? `BOUNCE:${r.messageId}` : r.kind === 'UNSUBSCRIBE' ? `UNSUBSCRIBE:${r.token}` : 'FBL');

/** Persists one accepted message (once, whatever the number of our addresses it names); called before the server answers 250. */
export async function storeInboundMessage(input: { kind: string; mailFrom: string; rcptTo: string[]; remoteIp: string; raw: Buffer }) {
  const row = await getDb().inboundMessage.create({
    data: { kind: input.kind, mailFrom: input.mailFrom, rcptTo: input.rcptTo, remoteIp: input.remoteIp, raw: new Uint8Array(input.raw), size: input.raw.length },
    select: { id: true },
  });
  return row.id;
}

export const processInboundPayload = z.object({ id: z.uuid() });

export async function enqueueInbound(id: string): Promise<void> {
  await getQueue(QUEUES.inbound).add('process-inbound', { id }, { jobId: `inbound-${id}` });
}

type Outcome = { effect: string; reason?: string; campaignId?: string; classification?: Partial<BounceResult>; recipients?: Outcome[] };

/** The Message a feedback report is about, named by a signed identifier only. */
function messageOfReport(result: BounceResult): string | null {
  const fromVerp = result.original?.returnPath ? parseVerp(result.original.returnPath) : null;
  return fromVerp ?? verifyMessageId(result.original?.messageId);
}

const summary = (r: BounceResult): Partial<BounceResult> => ({
  isBounce: r.isBounce, category: r.category, recipient: r.recipient, status: r.status, smtpCode: r.smtpCode,
  diagnostic: r.diagnostic.slice(0, 500), reportingMta: r.reportingMta, feedbackType: r.feedbackType,
});

const reportedRecipients = (r: BounceResult) => [r.recipient, ...(r.recipients ?? []).map((x) => x.recipient)];

type Row = { id: string; remoteIp: string; raw: Uint8Array };

async function effectOf(route: InboundRoute | null, classify: () => Promise<BounceResult>, row: Row): Promise<Outcome> {
  if (!route) return { effect: 'unmatched', reason: 'not-our-address' };
  if (route.kind === 'UNSUBSCRIBE') {
    const r = await unsubscribeByToken(route.token, { source: 'mailto' });
    return { effect: r.changed ? 'unsubscribed' : 'already-unsubscribed' };
  }
  const result = await classify();
  const classification = summary(result);
  const refused = (reason: string): Outcome => ({ effect: 'refused', reason, classification });

  if (result.category === 'complaint') {
    // Anybody can write a complaint: it counts only from a configured reporter, which the
    // server checked before accepting mail at the FBL address.
    if (route.kind === 'BOUNCE' && !reporterForIp((await platformSettings()).fblReporters, row.remoteIp)) return refused('complaint-not-from-reporter');
    const messageId = route.kind === 'BOUNCE' ? route.messageId : messageOfReport(result);
    if (!messageId) return { effect: 'unmatched', reason: 'no-signed-identifier', classification };
    if (!(await takeSourceBudget(row.remoteIp))) return refused('source-cap');
    const c = await applyComplaint({
      messageId, feedbackType: result.feedbackType ?? 'abuse', reportedRecipients: reportedRecipients(result), reportingMta: result.reportingMta, inboundId: row.id,
    });
    return { effect: c.effect, campaignId: c.campaignId, classification };
  }
  if (result.category === 'hard' || result.category === 'soft' || result.category === 'block') {
    // A bounce comes back to the VERP address it is about; one sent to the FBL address
    // (where only reports are expected) is not believed.
    if (route.kind !== 'BOUNCE') return refused('dsn-at-fbl');
    if (!(await takeSourceBudget(row.remoteIp))) return refused('source-cap');
    const b = await applyBounce({
      messageId: route.messageId, category: result.category, status: result.status, smtpCode: result.smtpCode, diagnostic: result.diagnostic,
      reportingMta: result.reportingMta, action: result.action ?? null, inboundId: row.id, reporterIp: row.remoteIp,
    });
    return { effect: b.effect, campaignId: b.campaignId, classification };
  }
  return { effect: 'ignored', classification }; // auto-replies and mail that is no bounce
}

async function effectOrGone(route: InboundRoute | null, classify: () => Promise<BounceResult>, row: Row): Promise<Outcome> {
  try {
    return await effectOf(route, classify, row);
  } catch (err) {
    // The message was deleted since (tenant erased, campaign removed): nothing to apply.
    if (err instanceof DomainError && err.code === 'NOT_FOUND') return { effect: 'message-gone' };
    throw err;
  }
}

/** Applies one stored inbound message; idempotent (a processed row is skipped). */
export async function processInboundMessage(id: string): Promise<Outcome | null> {
  const db = getDb();
  const row = await db.inboundMessage.findUnique({ where: { id } });
  if (!row || row.status !== 'PENDING') return null;
  let classified: Promise<BounceResult> | undefined;
  const classify = () => (classified ??= classifyInbound(row.raw));
  const outcomes: Outcome[] = [];
  try {
    for (const rcpt of row.rcptTo) outcomes.push(await effectOrGone(routeInboundRecipient(rcpt), classify, row));
  } catch (err) {
    // Over the time budget, or unparseable: the same mail would fail the same way again.
    if (err instanceof ClassificationFailed) {
      await db.inboundMessage.update({ where: { id }, data: { status: 'FAILED', processedAt: new Date(), error: err.message } });
      return { effect: 'failed' };
    }
    await db.inboundMessage.update({ where: { id }, data: { error: String((err as Error).message).slice(0, 500) } });
    throw err;
  }
  const outcome: Outcome = outcomes.length === 1 ? outcomes[0]! : { effect: 'several', recipients: outcomes };
  await db.inboundMessage.update({
    where: { id },
    data: { status: 'DONE', processedAt: new Date(), result: outcome as object, error: null },
  });
  // Auto-pause looks at hard bounces and complaints only; other effects cannot tip it.
  for (const o of outcomes) {
    if (o.campaignId && (o.effect === 'hard' || o.effect === 'complaint')) await afterFeedback(o.campaignId);
  }
  return outcome;
}

/**
 * Safety net for "never lose an accepted message": rows still PENDING a while after they
 * were stored (Redis was down at accept time, or the job exhausted its retries) are
 * processed here, from the maintenance schedule.
 */
export async function processStaleInbound(olderThanMs = 60_000, take = 200): Promise<number> {
  const rows = await getDb().inboundMessage.findMany({
    where: { status: 'PENDING', receivedAt: { lt: new Date(Date.now() - olderThanMs) } },
    orderBy: { receivedAt: 'asc' },
    take,
    select: { id: true },
  });
  let done = 0;
  for (const r of rows) {
    try {
      if (await processInboundMessage(r.id)) done++;
    } catch {
      // Left PENDING with its error recorded; the next sweep tries again.
    }
  }
  return done;
}

/**
 * Deletes processed inbound mail (DONE or FAILED) older than INBOUND_RETENTION_DAYS: raw
 * reports hold recipients' addresses and mail, kept only as long as an operator may need
 * to look into a complaint. Pending rows are never deleted. In batches, so one run never
 * holds a long lock.
 */
export async function pruneInboundMessages(now = new Date(), batch = 5_000): Promise<number> {
  const before = new Date(now.getTime() - feedbackEnv().INBOUND_RETENTION_DAYS * 86_400_000);
  let total = 0;
  for (;;) {
    const n = await getDb().$executeRaw`
      DELETE FROM "InboundMessage" WHERE id IN (
        SELECT id FROM "InboundMessage" WHERE status IN ('DONE', 'FAILED') AND "receivedAt" < ${before} LIMIT ${batch})`;
    total += n;
    if (n < batch) return total;
  }
}
