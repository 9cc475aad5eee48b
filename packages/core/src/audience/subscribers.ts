// Subscriber listing (keyset pagination on (createdAt, id) — offsets get slow at 1M rows),
// search, filters, detail and edits. Raw SQL filters "tenantId" itself.
import { z } from 'zod';
import { getDb, tenantDb, Prisma } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { escapeLike } from '../like.ts';
import { listFields, parseAttributes } from './fields.ts';
import { assertId } from './lists.ts';
import { emitWebhookEvent, kickWebhookDispatch } from '../webhooks/events.ts';

export const subscriberFilterSchema = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.enum(['ACTIVE', 'UNSUBSCRIBED', 'BOUNCED', 'COMPLAINED', 'BLOCKED']).optional(),
  listId: z.uuid().optional(),
  listStatus: z.enum(['PENDING', 'CONFIRMED', 'UNSUBSCRIBED']).optional(),
  field: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/).optional(),
  fieldValue: z.string().max(200).optional(),
  /** Active (open/click) within the last N days; negative: inactive for N days or never. */
  activeDays: z.coerce.number().int().min(-3650).max(3650).optional(),
});
export type SubscriberFilter = z.infer<typeof subscriberFilterSchema>;

export type SubscriberRow = {
  id: string; email: string; firstName: string | null; lastName: string | null; status: string;
  lastActivityAt: Date | null; createdAt: Date;
};

/** "anna@", "anna@example.com": an address prefix, served by the prefix index below. */
const isAddressSearch = (q: string) => q.includes('@');
/** "@gmail", "@example.com": the start of the domain (every address has one "@"). */
const isDomainSearch = (q: string) => q.length > 1 && q.startsWith('@');
/**
 * The address as the prefix index of migration subscriber_email_prefix stores it. LIKE
 * 'x%' can only use a btree whose collation is "C" (the database's C.UTF-8 or en_US do not
 * count), and the index must be an expression so Prisma leaves it alone. Addresses are
 * stored lower-case, so lower() changes nothing but the index's shape.
 */
const emailKey = Prisma.sql`lower(s.email) COLLATE "C"`;

/** WHERE clause for a filter; always starts with the tenant. */
export function subscriberWhere(tenantId: string, f: SubscriberFilter, now = new Date()): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`s."tenantId" = ${tenantId}::uuid`];
  if (f.q) {
    const q = f.q.toLowerCase();
    // An address prefix uses the prefix index; anything else is a substring of the name
    // (trigram index of migration subscriber_name_trgm) or the start of the address (the
    // prefix index again, combined by a bitmap OR). Trigrams of the addresses themselves
    // cost a third of a million-row import and are not indexed.
    // "@domain" reads the prefix index whole (index-only, in address order): no index of
    // its own, which every import would pay for.
    parts.push(isDomainSearch(q)
      ? Prisma.sql`${emailKey} LIKE ${`%${escapeLike(q)}%`}`
      : isAddressSearch(q)
      ? Prisma.sql`${emailKey} LIKE ${`${escapeLike(q)}%`}`
      : Prisma.sql`((coalesce(s."firstName", '') || ' ' || coalesce(s."lastName", '')) ILIKE ${`%${escapeLike(f.q)}%`} OR ${emailKey} LIKE ${`${escapeLike(q)}%`})`);
  }
  if (f.status) parts.push(Prisma.sql`s.status = ${f.status}::"SubscriberStatus"`);
  if (f.listId) {
    parts.push(f.listStatus
      ? Prisma.sql`EXISTS (SELECT 1 FROM "Subscription" x WHERE x."subscriberId" = s.id AND x."tenantId" = ${tenantId}::uuid AND x."listId" = ${f.listId}::uuid AND x.status = ${f.listStatus}::"SubscriptionStatus")`
      : Prisma.sql`EXISTS (SELECT 1 FROM "Subscription" x WHERE x."subscriberId" = s.id AND x."tenantId" = ${tenantId}::uuid AND x."listId" = ${f.listId}::uuid)`);
  }
  if (f.field && f.fieldValue !== undefined && f.fieldValue !== '') {
    parts.push(Prisma.sql`s.attributes ->> ${f.field} = ${f.fieldValue}`);
  }
  if (f.activeDays) {
    const since = new Date(now.getTime() - Math.abs(f.activeDays) * 86_400_000);
    parts.push(f.activeDays > 0
      ? Prisma.sql`s."lastActivityAt" >= ${since}`
      : Prisma.sql`(s."lastActivityAt" IS NULL OR s."lastActivityAt" < ${since})`);
  }
  return Prisma.join(parts, ' AND ');
}

type Cursor = { at?: string; id?: string; e?: string };
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(s: string | null | undefined): Cursor | null {
  if (!s) return null;
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString()) as Cursor;
    if (typeof c.e === 'string') return { e: c.e };
    return typeof c.at === 'string' && z.uuid().safeParse(c.id).success && !Number.isNaN(Date.parse(c.at)) ? c : null;
  } catch {
    return null;
  }
}

/**
 * Newest first; an address search is ordered by address instead, so the address prefix
 * index serves both the filter and the order (a newest-first scan would have to walk the
 * whole tenant to find one rare prefix). `cursor` is the previous page's nextCursor.
 */
export async function listSubscribers(ctx: TenantCtx, input: { filter?: SubscriberFilter; cursor?: string | null; limit?: number } = {}) {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 500);
  const filter = subscriberFilterSchema.parse(input.filter ?? {});
  const c = decodeCursor(input.cursor);
  if (input.cursor && !c) throw new DomainError('VALIDATION', 'Invalid page cursor.').withText('subscribers.badCursor');
  const byEmail = !!filter.q && isAddressSearch(filter.q.toLowerCase());
  const after = !c ? Prisma.empty
    : byEmail ? (c.e !== undefined ? Prisma.sql`AND ${emailKey} > ${c.e}` : Prisma.empty)
      : c.at && c.id ? Prisma.sql`AND (s."createdAt", s.id) < (${new Date(c.at)}, ${c.id}::uuid)` : Prisma.empty;
  const order = byEmail ? Prisma.sql`ORDER BY ${emailKey} ASC` : Prisma.sql`ORDER BY s."createdAt" DESC, s.id DESC`;
  const rows = await getDb().$queryRaw<SubscriberRow[]>`
    SELECT s.id::text AS id, s.email, s."firstName", s."lastName", s.status::text AS status, s."lastActivityAt", s."createdAt"
    FROM "Subscriber" s WHERE ${subscriberWhere(ctx.tenantId, filter)} ${after}
    ${order} LIMIT ${limit + 1}`;
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last
    ? encodeCursor(byEmail ? { e: last.email } : { at: last.createdAt.toISOString(), id: last.id }) : null;
  return { items, nextCursor };
}

/** Subscriber with lists + consent proof, recent messages and events. */
export async function getSubscriber(ctx: TenantCtx, subscriberId: string) {
  if (!z.uuid().safeParse(subscriberId).success) throw new DomainError('NOT_FOUND', 'Subscriber not found').withText('common.notFound', { what: 'Subscriber' });
  const db = tenantDb(ctx.tenantId);
  const subscriber = await db.subscriber.findFirst({
    where: { id: subscriberId },
    include: { subscriptions: { include: { list: { select: { id: true, name: true, optInMode: true } } }, orderBy: { createdAt: 'asc' } } },
  });
  if (!subscriber) throw new DomainError('NOT_FOUND', 'Subscriber not found').withText('common.notFound', { what: 'Subscriber' });
  const [messages, events] = await Promise.all([
    db.message.findMany({
      where: { subscriberId: subscriber.id }, orderBy: { createdAt: 'desc' }, take: 100,
      select: { id: true, status: true, skipReason: true, sentAt: true, smtpReply: true, bounceCategory: true, firstOpenAt: true, firstClickAt: true, createdAt: true, campaign: { select: { id: true, name: true, subject: true } } },
    }),
    db.event.findMany({ where: { subscriberId: subscriber.id }, orderBy: { createdAt: 'desc' }, take: 200 }),
  ]);
  return { subscriber, messages, events };
}

export const subscriberUpdateSchema = z.object({
  firstName: z.string().trim().max(100).nullable().optional(),
  lastName: z.string().trim().max(100).nullable().optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
});

export async function updateSubscriber(ctx: TenantCtx, subscriberId: string, update: z.input<typeof subscriberUpdateSchema>) {
  assertId(subscriberId, 'Subscriber');
  const data = subscriberUpdateSchema.parse(update);
  const db = tenantDb(ctx.tenantId);
  const current = await db.subscriber.findFirst({ where: { id: subscriberId } });
  if (!current) throw new DomainError('NOT_FOUND', 'Subscriber not found').withText('common.notFound', { what: 'Subscriber' });
  const attributes = data.attributes
    ? { ...(current.attributes as object), ...parseAttributes(await listFields(ctx), data.attributes) }
    : undefined;
  return db.subscriber.update({
    where: { id: current.id },
    data: {
      ...(data.firstName !== undefined ? { firstName: data.firstName || null } : {}),
      ...(data.lastName !== undefined ? { lastName: data.lastName || null } : {}),
      ...(attributes ? { attributes } : {}),
    },
  });
}

/** Marketer removes a subscriber from one list (recorded as an unsubscribe, kept as proof). */
export async function removeFromList(ctx: TenantCtx, target: { subscriberId: string; listId: string }, now = new Date()) {
  assertId(target.subscriberId, 'Subscription');
  assertId(target.listId, 'Subscription');
  const tenantId = ctx.tenantId;
  // The removal and its webhook event commit together (a rolled-back removal records nothing).
  const n = await getDb().$transaction(async (tx) => {
    const r = await tx.subscription.updateMany({
      where: { tenantId, subscriberId: target.subscriberId, listId: target.listId, status: { not: 'UNSUBSCRIBED' } },
      data: { status: 'UNSUBSCRIBED', unsubscribedAt: now, tokenHash: null },
    });
    if (r.count === 0) throw new DomainError('NOT_FOUND', 'Subscription not found').withText('common.notFound', { what: 'Subscription' });
    const s = await tx.subscriber.findFirst({ where: { id: target.subscriberId, tenantId }, select: { email: true } });
    return emitWebhookEvent(tenantId, 'subscriber.unsubscribed', { subscriberId: target.subscriberId, email: s?.email ?? null, listIds: [target.listId], scope: 'list', reason: 'REMOVED', source: 'admin' }, tx);
  });
  await kickWebhookDispatch(n);
}
