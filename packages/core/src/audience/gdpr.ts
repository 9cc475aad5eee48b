// GDPR: the subscriber's own data page (Art. 15 access, Art. 20 portability as JSON,
// Art. 17 erasure). Erasure deletes the subscriber (subscriptions and messages cascade),
// strips the subscriber from events, removes the address from import files still on disk
// (retention.ts), and keeps only a hashed suppression so the address is neither
// re-imported nor mailed again.
import { getDb, tenantDb } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { PUBLIC_FOOTER_SELECT, publicFooterOf } from '../accounts/company.ts';
import { PREFERENCES_LINK_DAYS, readPreferencesToken, type PreferencesToken } from '../links.ts';
import { emailHash } from '../deliverability/suppression.ts';
import { writeSuppressions } from '../deliverability/suppress.ts';
import { emitWebhookEvent, kickWebhookDispatch } from '../webhooks/events.ts';
import { scrubImportFiles } from './retention.ts';
import { audienceLockSql } from '../campaigns/audience.ts';

/** Whether a signed link's issue time (`t`, seconds) lies within `maxAgeMs` of `now`. */
export function linkIsFresh(t: PreferencesToken, maxAgeMs: number, now = new Date()): boolean {
  return typeof t.t === 'number' && now.getTime() - t.t * 1000 <= maxAgeMs && t.t * 1000 <= now.getTime() + 60_000;
}

/**
 * Resolves a /p/<token> link to its tenant and subscriber: 404 when it is not ours, GONE when
 * it is older than PREFERENCES_LINK_DAYS (the page then offers a fresh link by mail).
 */
export async function subscriberByPreferencesToken(token: string, now = new Date()) {
  const found = await subscriberBySignedLink(readPreferencesToken(token));
  if (!linkIsFresh(found.token, PREFERENCES_LINK_DAYS * 86_400_000, now)) {
    throw new DomainError('GONE', `This link has expired: links in our mails work for ${PREFERENCES_LINK_DAYS} days.`);
  }
  return { tenantId: found.tenantId, subscriberId: found.subscriberId };
}

/** The subscriber a signed link (verified token, any purpose) names, whatever its age. */
export async function subscriberBySignedLink(t: PreferencesToken | null) {
  if (!t?.s || typeof t.s !== 'string' || !/^[0-9a-f-]{36}$/i.test(t.s)) throw new DomainError('NOT_FOUND', 'This link is not valid.');
  // The token is HMAC-signed, so the id in it is one we issued; find its tenant, then scope.
  const rows = await getDb().$queryRaw<{ tenantId: string }[]>`
    SELECT "tenantId"::text AS "tenantId" FROM "Subscriber" WHERE id = ${t.s}::uuid`;
  const tenantId = rows[0]?.tenantId;
  if (!tenantId) throw new DomainError('NOT_FOUND', 'We hold no data for this link any more.');
  return { tenantId, subscriberId: t.s, token: t };
}

/** Everything we hold about one subscriber, as shown on the page and downloaded as JSON. */
export async function exportSubscriberData(ctx: TenantCtx, subscriberId: string) {
  const db = tenantDb(ctx.tenantId);
  const s = await db.subscriber.findFirst({
    where: { id: subscriberId },
    include: { subscriptions: { include: { list: { select: { name: true } } } } },
  });
  if (!s) throw new DomainError('NOT_FOUND', 'We hold no data for this link any more.');
  const [tenant, messages, events] = await Promise.all([
    getDb().tenant.findUnique({ where: { id: ctx.tenantId }, select: PUBLIC_FOOTER_SELECT }),
    db.message.findMany({
      where: { subscriberId: s.id }, orderBy: { createdAt: 'asc' },
      select: { status: true, sentAt: true, firstOpenAt: true, firstClickAt: true, campaign: { select: { subject: true } } },
    }),
    db.event.findMany({ where: { subscriberId: s.id }, orderBy: { createdAt: 'asc' }, select: { type: true, createdAt: true, metadata: true } }),
  ]);
  return {
    controller: { name: tenant?.name ?? '', ...(tenant ? publicFooterOf(tenant) : { imprint: '', abuseContact: null }) },
    subscriber: {
      email: s.email, firstName: s.firstName, lastName: s.lastName, attributes: s.attributes, status: s.status,
      lastActivityAt: s.lastActivityAt, createdAt: s.createdAt,
    },
    subscriptions: s.subscriptions.map((x) => ({
      list: x.list.name, status: x.status, source: x.source, requestedAt: x.requestedAt, requestIp: x.requestIp,
      requestUserAgent: x.requestUserAgent, confirmedAt: x.confirmedAt, confirmIp: x.confirmIp, unsubscribedAt: x.unsubscribedAt,
      attestation: x.attestation,
    })),
    messages: messages.map((m) => ({ subject: m.campaign.subject, status: m.status, sentAt: m.sentAt, firstOpenAt: m.firstOpenAt, firstClickAt: m.firstClickAt })),
    events,
  };
}

/** `ctx.actor` names who erased for the audit log (the subscriber's own link when absent). */
export async function eraseSubscriber(ctx: TenantCtx, subscriberId: string) {
  const { tenantId } = ctx;
  if (!/^[0-9a-f-]{36}$/i.test(subscriberId)) throw new DomainError('NOT_FOUND', 'Subscriber not found').withText('common.notFound', { what: 'Subscriber' });
  const s = await tenantDb(tenantId).subscriber.findFirst({ where: { id: subscriberId }, select: { id: true, email: true } });
  if (!s) throw new DomainError('NOT_FOUND', 'Subscriber not found').withText('common.notFound', { what: 'Subscriber' });
  const hash = emailHash(s.email);
  // Files first: if cleaning them fails, nothing is erased yet and the request can be repeated.
  await scrubImportFiles(ctx, s.email);
  await getDb().$transaction(async (tx) => {
    // Message has no foreign key to Subscriber: wait for running snapshots of this tenant,
    // then delete the messages ourselves below (campaigns/audience.ts audienceLockSql).
    await tx.$queryRaw(audienceLockSql(tenantId, 'erase'));
    // Keep the hash only; an existing suppression loses its plain address too.
    await writeSuppressions('ERASED', 'gdpr', [{ tenantId, email: null, emailHash: hash }], { db: tx });
    await tx.$executeRaw`UPDATE "Event" SET "subscriberId" = NULL, metadata = '{}' WHERE "tenantId" = ${tenantId}::uuid AND "subscriberId" = ${s.id}::uuid`;
    await tx.$executeRaw`DELETE FROM "Message" WHERE "tenantId" = ${tenantId}::uuid AND "subscriberId" = ${s.id}::uuid`;
    await tx.subscriber.deleteMany({ where: { id: s.id, tenantId } });
    // Only the id leaves: the receiver erases what it holds under it.
    await emitWebhookEvent(tenantId, 'subscriber.erased', { subscriberId: s.id }, tx);
    await tx.auditLog.create({ data: { tenantId, actor: ctx.actor ?? 'subscriber', action: 'subscriber.erase', target: hash } });
  }, { timeout: 120_000 }); // a million-recipient snapshot may hold the lock for seconds
  await kickWebhookDispatch();
}
