// Unsubscribe by the signed per-message token carried in every campaign mail (link page,
// RFC 8058 one-click POST, mailto). Everything is written in one transaction before we
// answer, so the very next send already skips the address (ARCHITECTURE "Unsubscribe").
import { getDb, tenantDb, type Prisma } from '@rundbrief/db';
import { sha256 } from '../crypto.ts';
import { DomainError } from '../errors.ts';
import { readUnsubscribeToken } from '../links.ts';

export type UnsubscribeSource = 'link' | 'one-click' | 'mailto';

export type UnsubscribeResult = {
  tenantId: string;
  subscriberId: string;
  email: string;
  /** false when this message's recipient had already unsubscribed (idempotent repeat). */
  changed: boolean;
};

type MessageRow = { id: string; tenantId: string; campaignId: string; subscriberId: string; email: string };

/** Resolves the message a token names; a tampered or foreign token is refused as 404. */
async function messageForToken(token: string): Promise<MessageRow> {
  const claim = readUnsubscribeToken(token);
  if (!claim || typeof claim.m !== 'string') throw new DomainError('NOT_FOUND', 'This unsubscribe link is not valid.');
  // Public route: the signed token is the only authority and it names the message; the
  // tenant comes from that row, so this one lookup cannot go through tenantDb.
  const m = await getDb().message.findUnique({
    where: { id: claim.m },
    select: { id: true, tenantId: true, campaignId: true, subscriberId: true, email: true },
  });
  if (!m) throw new DomainError('NOT_FOUND', 'This unsubscribe link is not valid.');
  return m;
}

/** For the two-click page: who the link is for, without changing anything (GET is safe). */
export async function describeUnsubscribeToken(token: string) {
  const m = await messageForToken(token);
  const [sub, tenant] = await Promise.all([
    tenantDb(m.tenantId).subscriber.findFirst({ where: { id: m.subscriberId }, select: { status: true } }),
    getDb().tenant.findUnique({ where: { id: m.tenantId }, select: { name: true } }),
  ]);
  return {
    email: m.email,
    subscriberId: m.subscriberId,
    senderName: tenant?.name ?? '',
    alreadyUnsubscribed: sub?.status === 'UNSUBSCRIBED',
  };
}

export async function unsubscribeByToken(
  token: string,
  ctx: { source: UnsubscribeSource; ip?: string | null; ua?: string | null },
): Promise<UnsubscribeResult> {
  const m = await messageForToken(token);
  const now = new Date();
  const changed = await tenantDb(m.tenantId).$transaction(async (tx) => {
    // Serialise concurrent requests for the same message (a mailbox provider's one-click
    // POST racing the recipient's own click) so the event and counter are written once.
    await tx.$queryRaw`SELECT id FROM "Message" WHERE id = ${m.id}::uuid AND "tenantId" = ${m.tenantId}::uuid FOR UPDATE`;
    const seen = await tx.event.count({ where: { tenantId: m.tenantId, messageId: m.id, type: 'UNSUBSCRIBE' } });

    // Suppression is tenant-wide; an existing stronger reason (hard bounce, complaint) stays.
    await tx.suppression.upsert({
      where: { tenantId_emailHash: { tenantId: m.tenantId, emailHash: sha256(m.email) } },
      create: { tenantId: m.tenantId, email: m.email, emailHash: sha256(m.email), reason: 'UNSUBSCRIBE', source: ctx.source },
      update: {},
    });
    await tx.subscription.updateMany({
      where: { tenantId: m.tenantId, subscriberId: m.subscriberId, status: { not: 'UNSUBSCRIBED' } },
      data: { status: 'UNSUBSCRIBED', unsubscribedAt: now },
    });
    // BOUNCED / COMPLAINED / BLOCKED say more than UNSUBSCRIBED: only ACTIVE moves.
    await tx.subscriber.updateMany({
      where: { id: m.subscriberId, tenantId: m.tenantId, status: 'ACTIVE' },
      data: { status: 'UNSUBSCRIBED' },
    });
    if (seen > 0) return false;
    const metadata: Prisma.InputJsonValue = { source: ctx.source, ...(ctx.ua ? { ua: ctx.ua.slice(0, 300) } : {}) };
    await tx.event.create({
      data: { tenantId: m.tenantId, campaignId: m.campaignId, messageId: m.id, subscriberId: m.subscriberId, type: 'UNSUBSCRIBE', metadata },
    });
    await tx.campaign.updateMany({ where: { id: m.campaignId, tenantId: m.tenantId }, data: { unsubscribeCount: { increment: 1 } } });
    return true;
  });
  return { tenantId: m.tenantId, subscriberId: m.subscriberId, email: m.email, changed };
}

/**
 * RFC 8058 3.1: the one-click POST carries `List-Unsubscribe=One-Click`, form-urlencoded or
 * multipart/form-data. The multipart example printed in RFC 8058 section 8 uses the boundary
 * parameter itself as the delimiter line (errata 5117), so parts are found by their
 * Content-Disposition name rather than by strict RFC 2046 boundary parsing.
 */
export function isOneClickBody(contentType: string | null, body: string): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded' || type === '') {
    return new URLSearchParams(body.trim()).get('List-Unsubscribe') === 'One-Click';
  }
  if (type === 'multipart/form-data') {
    const part = /content-disposition:\s*form-data;\s*name="?List-Unsubscribe"?[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([^\r\n]*)/i.exec(body);
    return part?.[1]?.trim() === 'One-Click';
  }
  return false;
}
