// Effects of a feedback-loop report (RFC 5965 ARF, provider FBLs). A recipient who marked
// our mail as spam must never get mail from this tenant again: Suppression COMPLAINT,
// unsubscribed from every list, Subscriber COMPLAINED, Event COMPLAINT, campaign counter.
// An "opt-out" report (e.g. Apple Mail's unsubscribe button) is an unsubscribe, not a spam
// complaint: it suppresses and unsubscribes but does not count against the campaign's
// complaint rate. DMARC "auth-failure" reports and "not-spam" are about us, not the
// subscriber, and change nothing here. A report applies only when the recipient it names
// is the message's recipient: the message is found through our MAC, and a report that
// names somebody else is not about this subscriber.
import { tenantDb, type Prisma } from '@rundbrief/db';
import { sha256 } from '../crypto.ts';
import { messageForFeedback } from './apply-bounce.ts';

export type ComplaintInput = {
  messageId: string;
  feedbackType: string;
  /** The recipients the report names (Original-Rcpt-To, the original's To). */
  reportedRecipients: readonly (string | null | undefined)[];
  reportingMta?: string | null;
  inboundId?: string;
};

export type ComplaintEffect = {
  tenantId: string;
  campaignId: string;
  effect: 'complaint' | 'opt-out' | 'ignored' | 'duplicate' | 'recipient-mismatch';
};

const IGNORED = new Set(['auth-failure', 'not-spam']);

export async function applyComplaint(input: ComplaintInput): Promise<ComplaintEffect> {
  const m = await messageForFeedback(input.messageId);
  const base = { tenantId: m.tenantId, campaignId: m.campaignId };
  const type = input.feedbackType.toLowerCase();
  if (IGNORED.has(type)) return { ...base, effect: 'ignored' };
  const email = m.email.toLowerCase();
  if (!input.reportedRecipients.some((r) => r?.trim().toLowerCase() === email)) return { ...base, effect: 'recipient-mismatch' };
  const optOut = type === 'opt-out';
  const now = new Date();
  const db = tenantDb(m.tenantId);

  const effect = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Message" WHERE id = ${m.id}::uuid AND "tenantId" = ${m.tenantId}::uuid FOR UPDATE`;
    const eventType = optOut ? 'UNSUBSCRIBE' : 'COMPLAINT';
    // Providers resend reports and users click twice: one complaint per message counts.
    const seen = await tx.event.count({ where: { messageId: m.id, type: eventType } });

    const emailHash = sha256(m.email);
    const reason = optOut ? 'UNSUBSCRIBE' : 'COMPLAINT';
    await tx.suppression.upsert({
      where: { tenantId_emailHash: { tenantId: m.tenantId, emailHash } },
      create: { tenantId: m.tenantId, email: m.email, emailHash, reason, source: 'fbl', note: `feedback-type: ${type}` },
      update: {},
    });
    // A complaint outranks an earlier unsubscribe or soft-bounce suppression.
    if (!optOut) {
      await tx.suppression.updateMany({ where: { emailHash, reason: { in: ['UNSUBSCRIBE', 'SOFT_BOUNCE', 'MANUAL'] } }, data: { reason: 'COMPLAINT', source: 'fbl' } });
    }
    await tx.subscription.updateMany({
      where: { subscriberId: m.subscriberId, status: { not: 'UNSUBSCRIBED' } },
      data: { status: 'UNSUBSCRIBED', unsubscribedAt: now },
    });
    await tx.subscriber.updateMany({
      where: { id: m.subscriberId, status: optOut ? 'ACTIVE' : { in: ['ACTIVE', 'UNSUBSCRIBED', 'BOUNCED'] } },
      data: { status: optOut ? 'UNSUBSCRIBED' : 'COMPLAINED' },
    });
    if (seen > 0) return 'duplicate' as const;
    const metadata: Prisma.InputJsonValue = { feedbackType: type, source: 'fbl', reportingMta: input.reportingMta ?? null, ...(input.inboundId ? { inboundId: input.inboundId } : {}) };
    await tx.event.create({ data: { tenantId: m.tenantId, campaignId: m.campaignId, messageId: m.id, subscriberId: m.subscriberId, type: eventType, metadata } });
    await tx.campaign.updateMany({
      where: { id: m.campaignId },
      data: optOut ? { unsubscribeCount: { increment: 1 } } : { complaintCount: { increment: 1 } },
    });
    return optOut ? ('opt-out' as const) : ('complaint' as const);
  });
  return { ...base, effect };
}
