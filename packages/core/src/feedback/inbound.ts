// Mail arriving at the inbound SMTP server: which recipients we accept, persisting before
// the 250, and turning a stored message into its effects (bounce, complaint, mailto
// unsubscribe) within seconds.
import { z } from 'zod';
import { getDb } from '@rundbrief/db';
import { classifyBounce, type BounceResult } from '@rundbrief/mailer/bounce/index';
import { parseVerp } from '../deliverability/verp.ts';
import { DomainError } from '../errors.ts';
import { getQueue } from '../jobs/queue.ts';
import { QUEUES } from '../jobs/definitions.ts';
import { bounceDomain, readUnsubscribeToken } from '../links.ts';
import { applyBounce } from './apply-bounce.ts';
import { applyComplaint } from './apply-complaint.ts';
import { afterFeedback } from './after-feedback.ts';
import { unsubscribeByToken } from './unsubscribe.ts';

export type InboundRoute =
  | { kind: 'BOUNCE'; messageId: string }
  | { kind: 'FBL' }
  | { kind: 'UNSUBSCRIBE'; token: string };

/** The feedback-loop address registered with mailbox providers (FBL_ADDRESS). */
export const fblAddress = () => (process.env.FBL_ADDRESS || `fbl@${bounceDomain()}`).toLowerCase();

/**
 * What an envelope recipient is for, or null when we do not accept mail for it. Only our
 * own HMAC-checked VERP addresses, the FBL address and validly signed mailto-unsubscribe
 * addresses are accepted, so the server is no open relay and no spam sink.
 */
export function routeInboundRecipient(address: string): InboundRoute | null {
  const at = address.lastIndexOf('@');
  if (at <= 0) return null;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase();
  if (address.toLowerCase() === fblAddress()) return { kind: 'FBL' };
  if (domain !== bounceDomain().toLowerCase()) return null;
  const messageId = parseVerp(address);
  if (messageId) return { kind: 'BOUNCE', messageId };
  // Tokens are case-sensitive base64url: keep the local part as the sender wrote it.
  const unsub = /^unsubscribe\+(.+)$/i.exec(local);
  if (unsub && readUnsubscribeToken(unsub[1]!)) return { kind: 'UNSUBSCRIBE', token: unsub[1]! };
  return null;
}

/** Persists one accepted message; called before the server answers 250. */
export async function storeInboundMessage(input: { kind: InboundRoute['kind']; mailFrom: string; rcptTo: string[]; remoteIp: string; raw: Buffer }) {
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

type Outcome = { effect: string; campaignId?: string; classification?: Partial<BounceResult> };

/** Finds the Message a feedback report is about: our VERP return-path, else our Message-ID. */
async function messageOfReport(result: BounceResult): Promise<string | null> {
  const fromVerp = result.original?.returnPath ? parseVerp(result.original.returnPath) : null;
  if (fromVerp) return fromVerp;
  const mid = result.original?.messageId;
  if (!mid) return null;
  // Global lookup: the report names our Message-ID; Message-IDs are unique per message.
  const m = await getDb().message.findFirst({ where: { messageId: { in: [mid, `<${mid}>`] } }, select: { id: true } });
  return m?.id ?? null;
}

const summary = (r: BounceResult): Partial<BounceResult> => ({
  isBounce: r.isBounce, category: r.category, recipient: r.recipient, status: r.status, smtpCode: r.smtpCode,
  diagnostic: r.diagnostic.slice(0, 500), reportingMta: r.reportingMta, feedbackType: r.feedbackType,
});

async function effectsOf(kind: string, rcpt: string, raw: Buffer, inboundId: string): Promise<Outcome> {
  const route = routeInboundRecipient(rcpt);
  if (kind === 'UNSUBSCRIBE') {
    if (route?.kind !== 'UNSUBSCRIBE') return { effect: 'invalid-token' };
    const r = await unsubscribeByToken(route.token, { source: 'mailto' });
    return { effect: r.changed ? 'unsubscribed' : 'already-unsubscribed' };
  }
  const result = classifyBounce(raw);
  const classification = summary(result);
  const messageId = kind === 'BOUNCE' && route?.kind === 'BOUNCE' ? route.messageId : await messageOfReport(result);
  if (!messageId) return { effect: 'unmatched', classification };
  if (result.category === 'complaint') {
    const c = await applyComplaint({ messageId, feedbackType: result.feedbackType ?? 'abuse', reportingMta: result.reportingMta, inboundId });
    return { effect: c.effect, campaignId: c.campaignId, classification };
  }
  if (result.category === 'hard' || result.category === 'soft' || result.category === 'block') {
    const b = await applyBounce({
      messageId, category: result.category, status: result.status, smtpCode: result.smtpCode, diagnostic: result.diagnostic,
      reportingMta: result.reportingMta, action: result.action ?? null, inboundId,
    });
    return { effect: b.effect, campaignId: b.campaignId, classification };
  }
  return { effect: 'ignored', classification }; // auto-replies and mail that is no bounce
}

/** Applies one stored inbound message; idempotent (a processed row is skipped). */
export async function processInboundMessage(id: string): Promise<Outcome | null> {
  const db = getDb();
  const row = await db.inboundMessage.findUnique({ where: { id } });
  if (!row || row.status === 'DONE') return null;
  let outcome: Outcome;
  try {
    outcome = await effectsOf(row.kind, row.rcptTo[0] ?? '', Buffer.from(row.raw), row.id);
  } catch (err) {
    // The message was deleted since (tenant erased, campaign removed): nothing to apply.
    if (!(err instanceof DomainError && err.code === 'NOT_FOUND')) {
      await db.inboundMessage.update({ where: { id }, data: { error: String((err as Error).message).slice(0, 500) } });
      throw err;
    }
    outcome = { effect: 'message-gone' };
  }
  await db.inboundMessage.update({
    where: { id },
    data: { status: 'DONE', processedAt: new Date(), result: outcome as object, error: null },
  });
  // Auto-pause looks at hard bounces and complaints only; other effects cannot tip it.
  if (outcome.campaignId && (outcome.effect === 'hard' || outcome.effect === 'complaint')) await afterFeedback(outcome.campaignId);
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
