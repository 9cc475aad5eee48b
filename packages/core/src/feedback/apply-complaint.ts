// Effects of a feedback-loop report (RFC 5965 ARF, provider FBLs). A recipient who marked
// our mail as spam must never get mail from this tenant again: Suppression COMPLAINT,
// unsubscribed from every list, Subscriber COMPLAINED, Event COMPLAINT, campaign counter.
// An "opt-out" report (e.g. Apple Mail's unsubscribe button) is an unsubscribe, not a spam
// complaint: it suppresses and unsubscribes but does not count against the campaign's
// complaint rate. DMARC "auth-failure" reports and "not-spam" are about us, not the
// subscriber, and change nothing here. A report applies only when the recipient it names
// is the message's recipient: the message is found through our MAC, and a report that
// names somebody else is not about this subscriber.
// Runs inside the inbound batch's transaction (inbound-batch.ts); every statement names
// the tenant of the message row, the only authority a report has.
import { Prisma, type SqlTx } from '@rundbrief/db';
import { sha256 } from '../crypto.ts';
import { writeSuppressions } from '../deliverability/suppress.ts';
import { emitWebhookEvent } from '../webhooks/events.ts';
import type { FeedbackMessage } from './apply-bounce.ts';

export type ComplaintInput = {
  message: FeedbackMessage;
  feedbackType: string;
  /** The recipients the report names (Original-Rcpt-To, the original's To). */
  reportedRecipients: readonly (string | null | undefined)[];
  reportingMta?: string | null;
  inboundId: string;
};

export type ComplaintEffectKind = 'complaint' | 'opt-out' | 'ignored' | 'duplicate' | 'recipient-mismatch';

const IGNORED = new Set(['auth-failure', 'not-spam']);

export async function applyComplaint(tx: SqlTx, input: ComplaintInput): Promise<ComplaintEffectKind> {
  const m = input.message;
  const type = input.feedbackType.toLowerCase();
  if (IGNORED.has(type)) return 'ignored';
  const email = m.email.toLowerCase();
  if (!input.reportedRecipients.some((r) => r?.trim().toLowerCase() === email)) return 'recipient-mismatch';
  const optOut = type === 'opt-out';
  const eventType = optOut ? 'UNSUBSCRIBE' : 'COMPLAINT';
  const reason = optOut ? 'UNSUBSCRIBE' : 'COMPLAINT';
  const emailHash = sha256(m.email);

  await tx.query(Prisma.sql`SELECT id FROM "Message" WHERE id = ${m.id}::uuid AND "tenantId" = ${m.tenantId}::uuid FOR UPDATE`);
  // Providers resend reports and users click twice: one complaint per message counts.
  // (campaignId, type) is indexed; a campaign's complaints are few.
  const [seen] = await tx.query<{ n: number }>(Prisma.sql`
    SELECT count(*)::int AS n FROM "Event" WHERE "campaignId" = ${m.campaignId}::uuid AND type = ${eventType}::"EventType" AND "messageId" = ${m.id}::uuid`);

  // A complaint outranks an earlier unsubscribe or soft-bounce suppression (suppress.ts).
  await writeSuppressions(reason, 'fbl', [{ tenantId: m.tenantId, email: m.email, emailHash, note: `feedback-type: ${type}`, subscriberId: m.subscriberId }], { db: tx });
  if ((seen?.n ?? 0) > 0) return 'duplicate';
  const metadata = JSON.stringify({ feedbackType: type, source: 'fbl', reportingMta: input.reportingMta ?? null, inboundId: input.inboundId });
  await tx.execute(Prisma.sql`
    INSERT INTO "Event" ("tenantId", "campaignId", "messageId", "subscriberId", type, metadata)
    VALUES (${m.tenantId}::uuid, ${m.campaignId}::uuid, ${m.id}::uuid, ${m.subscriberId}::uuid, ${eventType}::"EventType", ${metadata}::jsonb)`);
  // An opt-out report is an unsubscribe (the suppression writer records subscriber.unsubscribed).
  if (!optOut) {
    await emitWebhookEvent(m.tenantId, 'message.complained', { messageId: m.id, campaignId: m.campaignId, subscriberId: m.subscriberId, email: m.email, feedbackType: type }, tx);
  }
  await tx.execute(optOut
    ? Prisma.sql`UPDATE "Campaign" SET "unsubscribeCount" = "unsubscribeCount" + 1, "updatedAt" = now() WHERE id = ${m.campaignId}::uuid`
    : Prisma.sql`UPDATE "Campaign" SET "complaintCount" = "complaintCount" + 1, "updatedAt" = now() WHERE id = ${m.campaignId}::uuid`);
  return optOut ? 'opt-out' : 'complaint';
}
