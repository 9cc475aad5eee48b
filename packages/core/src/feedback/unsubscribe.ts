// Unsubscribe by the signed per-message token carried in every campaign mail (link page,
// RFC 8058 one-click POST, mailto). Everything is written in one transaction before we
// answer, so the very next send already skips the address (ARCHITECTURE "Unsubscribe").
import { subscriberLocale } from '../i18n/user-locale.ts';
import { getDb, tenantDb, type Prisma } from '@rundbrief/db';
import { DomainError } from '../errors.ts';
import { writeSuppressions } from '../deliverability/suppress.ts';
import { readSubscriptionUnsubscribeToken, readUnsubscribeToken } from '../links.ts';
import { PUBLIC_FOOTER_SELECT, publicFooterOf } from '../accounts/company.ts';

export type UnsubscribeSource = 'link' | 'one-click' | 'mailto';

export type UnsubscribeResult = {
  tenantId: string;
  subscriberId: string;
  email: string;
  /** false when this message's recipient had already unsubscribed (idempotent repeat). */
  changed: boolean;
};

/** What a token names: a campaign message, or (welcome mail) a subscription. */
type Target = { id: string; tenantId: string; campaignId: string | null; subscriberId: string; email: string; kind: 'message' | 'subscription' };

/** Resolves what a token names; a tampered or foreign token is refused as 404. */
async function targetForToken(token: string): Promise<Target> {
  const claim = readUnsubscribeToken(token);
  if (!claim || typeof claim.m !== 'string') return subscriptionForToken(token);
  // Public route: the signed token is the only authority and it names the message; the
  // tenant comes from that row, so this one lookup cannot go through tenantDb.
  const m = await getDb().message.findUnique({
    where: { id: claim.m },
    select: { id: true, tenantId: true, campaignId: true, subscriberId: true, email: true },
  });
  if (!m) throw new DomainError('NOT_FOUND', 'This unsubscribe link is not valid.');
  return { ...m, kind: 'message' };
}

async function subscriptionForToken(token: string): Promise<Target> {
  const claim = readSubscriptionUnsubscribeToken(token);
  if (!claim || typeof claim.s !== 'string' || !/^[0-9a-f-]{36}$/i.test(claim.s)) throw new DomainError('NOT_FOUND', 'This unsubscribe link is not valid.');
  // Public route as above: the signed token names the subscription, the tenant comes from it.
  const s = await getDb().subscription.findUnique({ where: { id: claim.s }, select: { id: true, tenantId: true, subscriberId: true, subscriber: { select: { email: true } } } });
  if (!s) throw new DomainError('NOT_FOUND', 'This unsubscribe link is not valid.');
  return { id: s.id, tenantId: s.tenantId, campaignId: null, subscriberId: s.subscriberId, email: s.subscriber.email, kind: 'subscription' };
}

/** For the two-click page: who the link is for, without changing anything (GET is safe). */
export async function describeUnsubscribeToken(token: string) {
  const m = await targetForToken(token);
  const [sub, tenant, language] = await Promise.all([
    tenantDb(m.tenantId).subscriber.findFirst({ where: { id: m.subscriberId }, select: { status: true } }),
    getDb().tenant.findUnique({ where: { id: m.tenantId }, select: PUBLIC_FOOTER_SELECT }),
    subscriberLocale(m.tenantId, m.subscriberId),
  ]);
  return {
    email: m.email,
    subscriberId: m.subscriberId,
    senderName: tenant?.name ?? '',
    alreadyUnsubscribed: sub?.status === 'UNSUBSCRIBED',
    /** The page speaks the language of the subscriber's lists (issue 14). */
    language,
    footer: tenant ? publicFooterOf(tenant) : { imprint: '', abuseContact: null },
  };
}

export async function unsubscribeByToken(
  token: string,
  ctx: { source: UnsubscribeSource; ip?: string | null; ua?: string | null },
): Promise<UnsubscribeResult> {
  const m = await targetForToken(token);
  const changed = await tenantDb(m.tenantId).$transaction(async (tx) => {
    // Serialise concurrent requests for the same message (a mailbox provider's one-click
    // POST racing the recipient's own click) so the event and counter are written once.
    // A subscription token locks its subscription; whether it was still subscribed decides.
    let seen: number;
    if (m.kind === 'message') {
      await tx.$queryRaw`SELECT id FROM "Message" WHERE id = ${m.id}::uuid AND "tenantId" = ${m.tenantId}::uuid FOR UPDATE`;
      seen = await tx.event.count({ where: { tenantId: m.tenantId, messageId: m.id, type: 'UNSUBSCRIBE' } });
    } else {
      const [s] = await tx.$queryRaw<{ status: string }[]>`SELECT status::text AS status FROM "Subscription" WHERE id = ${m.id}::uuid AND "tenantId" = ${m.tenantId}::uuid FOR UPDATE`;
      seen = s?.status === 'UNSUBSCRIBED' ? 1 : 0;
    }

    // Suppression is tenant-wide (an existing stronger reason stays); every subscription ends.
    await writeSuppressions('UNSUBSCRIBE', ctx.source, [{ tenantId: m.tenantId, email: m.email, subscriberId: m.subscriberId }], { db: tx });
    if (seen > 0) return false;
    const metadata: Prisma.InputJsonValue = { source: ctx.source, ...(ctx.ua ? { ua: ctx.ua.slice(0, 300) } : {}) };
    if (m.kind === 'subscription') {
      await tx.event.create({ data: { tenantId: m.tenantId, subscriberId: m.subscriberId, type: 'UNSUBSCRIBE', metadata: { ...metadata, subscriptionId: m.id } } });
      return true;
    }
    await tx.event.create({
      data: { tenantId: m.tenantId, campaignId: m.campaignId, messageId: m.id, subscriberId: m.subscriberId, type: 'UNSUBSCRIBE', metadata },
    });
    await tx.campaign.updateMany({ where: { id: m.campaignId!, tenantId: m.tenantId }, data: { unsubscribeCount: { increment: 1 } } });
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
