// The "lists and pause" part of the subscriber's own preference page (/p/<token>): leave
// single lists, rejoin them (always through double opt-in: an old consent does not come
// back by a click on a link that may have been forwarded), or pause all mail for 30 or 90
// days. The snapshot skips paused subscribers (Subscriber.pausedUntil).
import { z } from 'zod';
import { getDb, tenantDb } from '@rundbrief/db';
import { emitWebhookEvent, kickWebhookDispatch } from '../webhooks/events.ts';
import { systemCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { subscriberByPreferencesToken } from '../audience/gdpr.ts';
import { subscribe } from '../audience/consent.ts';

export const PAUSE_DAYS = [30, 90] as const;
export const pauseDaysSchema = z.coerce.number().pipe(z.union([z.literal(30), z.literal(90)]));

export async function getListPreferences(token: string, now = new Date()) {
  const { tenantId, subscriberId } = await subscriberByPreferencesToken(token);
  const s = await tenantDb(tenantId).subscriber.findFirst({
    where: { id: subscriberId },
    select: {
      email: true, status: true, pausedUntil: true,
      subscriptions: { select: { listId: true, status: true, list: { select: { name: true } } }, orderBy: { list: { name: 'asc' } } },
    },
  });
  if (!s) throw new DomainError('NOT_FOUND', 'This link is not valid.');
  return {
    email: s.email,
    // Only ACTIVE or UNSUBSCRIBED people can change lists; bounced or complained addresses cannot be mailed anyway.
    canChange: s.status === 'ACTIVE' || s.status === 'UNSUBSCRIBED',
    pausedUntil: s.pausedUntil && s.pausedUntil > now ? s.pausedUntil : null,
    lists: s.subscriptions.map((x) => ({ listId: x.listId, name: x.list.name, status: x.status })),
  };
}

async function ownSubscription(token: string, listId: string) {
  const { tenantId, subscriberId } = await subscriberByPreferencesToken(token);
  const db = tenantDb(tenantId);
  // Only lists this subscriber is or was on: the page never reveals the tenant's other lists.
  const sub = await db.subscription.findFirst({ where: { subscriberId, listId: z.uuid().parse(listId) }, include: { subscriber: true } });
  if (!sub) throw new DomainError('NOT_FOUND', 'List not found').withText('common.notFound', { what: 'List' });
  return { db, tenantId, subscriberId, sub };
}

export async function leaveList({ token, listId }: { token: string; listId: string }) {
  const { db, tenantId, subscriberId, sub } = await ownSubscription(token, listId);
  if (sub.status === 'UNSUBSCRIBED') return { changed: false };
  const changed = await getDb().$transaction(async (tx) => {
    const r = await tx.subscription.updateMany({ where: { id: sub.id, tenantId, status: { not: 'UNSUBSCRIBED' } }, data: { status: 'UNSUBSCRIBED', unsubscribedAt: new Date() } });
    if (r.count === 0) return false;
    await tx.event.create({ data: { tenantId, subscriberId, type: 'UNSUBSCRIBE', metadata: { source: 'preferences', listId } } });
    await emitWebhookEvent(tenantId, 'subscriber.unsubscribed', { subscriberId, email: sub.subscriber.email, listIds: [sub.listId], scope: 'list', reason: 'UNSUBSCRIBE', source: 'preferences' }, tx);
    return true;
  });
  if (changed) await kickWebhookDispatch();
  return { changed };
}

/** Rejoining sends a fresh double opt-in mail; the list counts again only after the click. */
export async function rejoinList({ token, listId, ip, ua }: { token: string; listId: string; ip?: string | null; ua?: string | null }) {
  const { tenantId, sub } = await ownSubscription(token, listId);
  if (sub.status === 'CONFIRMED') return { status: 'CONFIRMED' as const, mailed: false };
  const r = await subscribe(systemCtx(tenantId), { listId, email: sub.subscriber.email, source: 'FORM', ip, userAgent: ua });
  return { status: r.status, mailed: r.mailed };
}

export async function pauseSubscriber({ token, days, now = new Date() }: { token: string; days: number; now?: Date }) {
  const parsed = pauseDaysSchema.safeParse(days);
  if (!parsed.success) throw new DomainError('VALIDATION', 'A pause lasts 30 or 90 days.');
  const d = parsed.data;
  const { tenantId, subscriberId } = await subscriberByPreferencesToken(token);
  const until = new Date(now.getTime() + d * 86_400_000);
  await tenantDb(tenantId).subscriber.updateMany({ where: { id: subscriberId }, data: { pausedUntil: until } });
  return { pausedUntil: until };
}

export async function resumeSubscriber({ token }: { token: string }) {
  const { tenantId, subscriberId } = await subscriberByPreferencesToken(token);
  await tenantDb(tenantId).subscriber.updateMany({ where: { id: subscriberId }, data: { pausedUntil: null } });
}
