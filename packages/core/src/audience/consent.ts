// Consent transitions of a subscription (see ARCHITECTURE "Consent"):
//   none / UNSUBSCRIBED --subscribe--> PENDING (double opt-in mail) --confirm--> CONFIRMED
//   none --subscribe on a CONFIRMED-mode list--> CONFIRMED (+ notice mail)
// Becoming CONFIRMED sends the list's welcome mail when it has one enabled (on a
// CONFIRMED-mode list it replaces the notice: it carries the same way out).
// Re-subscribing after an unsubscribe always takes the double opt-in path, and BLOCKED /
// COMPLAINED / BOUNCED subscribers or suppressed addresses never become confirmed here.
import { getDb, tenantDb } from '@rundbrief/db';
import { DomainError } from '../errors.ts';
import { footerImprint, publicFooter } from '../accounts/company.ts';
import { randomToken, sha256 } from '../crypto.ts';
import { checkAddress } from '../deliverability/address.ts';
import { addressPolicyRefusal, emailHash } from '../deliverability/suppression.ts';
import { liftSuppressions } from '../deliverability/suppress.ts';
import { assertTenantMaySend } from '../deliverability/may-send.ts';
import { systemCtx, type TenantCtx } from '../context.ts';
import { listFields, parseAttributes } from './fields.ts';
import { assertId } from './lists.ts';
import { sendOptInConfirmation, sendOptInNotice, sendWelcome } from './consent-mail.ts';
import { emitWebhookEvent, kickWebhookDispatch } from '../webhooks/events.ts';
import { coreText, type CoreText } from '../texts.ts';

/** Minimum time between two confirmation mails for one subscription. */
export const RESEND_COOLDOWN_MS = 5 * 60_000;
const DEAD_STATUSES = new Set(['BLOCKED', 'COMPLAINED', 'BOUNCED']);

/** What the person (form), the integrator (API) or the marketer sends; the tenant is the ctx. */
export type SubscribeInput = {
  listId: string;
  email: string;
  firstName?: string | null;
  lastName?: string | null;
  attributes?: Record<string, unknown>;
  source: 'FORM' | 'API' | 'ADMIN';
  ip?: string | null;
  userAgent?: string | null;
  now?: Date;
};

export type SubscribeResult = { subscriberId: string; subscriptionId: string; status: 'PENDING' | 'CONFIRMED'; mailed: boolean };

/** A policy refusal; without a text of its own it is 'This address cannot be subscribed.' */
const refused = (message: string, text: CoreText = coreText('subscribers.cannotSubscribe')) => new DomainError('POLICY', message).withText(text.code, text.params);

export async function subscribe(ctx: TenantCtx, input: SubscribeInput): Promise<SubscribeResult> {
  const now = input.now ?? new Date();
  const db = tenantDb(ctx.tenantId);
  assertId(input.listId, 'List');
  const list = await db.list.findFirst({ where: { id: input.listId } });
  if (!list) throw new DomainError('NOT_FOUND', 'List not found').withText('common.notFound', { what: 'List' });
  const tenant = (await getDb().tenant.findUnique({ where: { id: ctx.tenantId } }))!;
  const addr = checkAddress(input.email);
  if (!addr.ok) throw new DomainError('VALIDATION', addr.message);
  const email = addr.normalized;
  const refusal = await addressPolicyRefusal(ctx.tenantId, email, { rejectRoleAddresses: tenant.rejectRoleAddresses });
  if (refusal) throw refused(refusal.message, refusal.text);
  // Before any write: a suspended tenant takes no sign-ups, and API and form sign-ups (each
  // may mail an opt-in) share the tenant's hourly window.
  await assertTenantMaySend(ctx, input.source === 'API' ? 'API_SIGNUP' : input.source === 'FORM' ? 'FORM_SIGNUP' : 'ADD_SUBSCRIBER');
  const attributes = input.attributes ? parseAttributes(await listFields(ctx), input.attributes) : {};
  const names = {
    ...(input.firstName?.trim() ? { firstName: input.firstName.trim().slice(0, 100) } : {}),
    ...(input.lastName?.trim() ? { lastName: input.lastName.trim().slice(0, 100) } : {}),
  };

  const existing = await db.subscriber.findFirst({ where: { email } });
  if (existing && DEAD_STATUSES.has(existing.status)) throw refused('This address cannot be subscribed.');
  const tenantId = ctx.tenantId;
  const notice = { tenantName: tenant.name, imprint: footerImprint(tenant), listName: list.name, language: list.language, to: email };
  let webhooks = 0;
  // One transaction for the subscriber, the subscription and their webhook events (a
  // rolled-back sign-up records nothing); the mails go out after the commit.
  const out = await getDb().$transaction(async (tx) => {
    // The public form is anonymous: whoever types an address in it is not its owner, so it
    // never changes an existing subscriber's names or fields (mails greet them by name). API
    // and admin sign-ups come from the tenant: their attributes fill in, never wiping others.
    let subscriber = existing;
    if (existing && input.source !== 'FORM') {
      subscriber = await tx.subscriber.update({
        where: { id: existing.id, tenantId },
        data: { ...names, attributes: { ...(existing.attributes as object), ...attributes } },
      });
    } else if (!existing) {
      // ON CONFLICT DO NOTHING: a concurrent sign-up of the same address is no second "created".
      const made = await tx.subscriber.createMany({ data: [{ tenantId, email, ...names, attributes }], skipDuplicates: true });
      subscriber = await tx.subscriber.findFirstOrThrow({ where: { tenantId, email } });
      if (made.count === 1) webhooks += await emitWebhookEvent(tenantId, 'subscriber.created', { subscriberId: subscriber.id, email, listId: list.id, source: input.source }, tx);
    }
    const s = subscriber!;

    const sub = await tx.subscription.findFirst({ where: { tenantId, listId: list.id, subscriberId: s.id } });
    if (sub?.status === 'CONFIRMED') {
      // Idempotent: no second mail, so the form cannot be used to mail-bomb a subscriber.
      return { kind: 'done' as const, subscriber: s, result: { subscriberId: s.id, subscriptionId: sub.id, status: 'CONFIRMED', mailed: false } satisfies SubscribeResult };
    }
    const unsubscribedBefore = s.status === 'UNSUBSCRIBED' || sub?.status === 'UNSUBSCRIBED'
      || (await tx.suppression.count({ where: { tenantId, emailHash: emailHash(email), reason: 'UNSUBSCRIBE' } })) > 0;
    const direct = list.optInMode === 'CONFIRMED' && !unsubscribedBefore && sub?.status !== 'PENDING';
    const proof = {
      source: input.source, requestedAt: now, requestIp: input.ip ?? null, requestUserAgent: input.userAgent?.slice(0, 500) ?? null,
      unsubscribedAt: null, attestation: null,
    };

    if (direct) {
      const data = { ...proof, status: 'CONFIRMED' as const, confirmedAt: now, confirmIp: input.ip ?? null, confirmUserAgent: input.userAgent?.slice(0, 500) ?? null, tokenHash: null, tokenExpiresAt: null };
      const row = sub
        ? await tx.subscription.update({ where: { id: sub.id, tenantId }, data })
        : await tx.subscription.create({ data: { ...data, tenantId, listId: list.id, subscriberId: s.id } });
      webhooks += await emitWebhookEvent(tenantId, 'subscriber.confirmed', { subscriberId: s.id, email, listId: list.id, source: input.source, confirmedAt: now.toISOString() }, tx);
      return { kind: 'confirmed' as const, subscriber: s, result: { subscriberId: s.id, subscriptionId: row.id, status: 'CONFIRMED', mailed: true } satisfies SubscribeResult };
    }

    if (sub?.status === 'PENDING' && sub.lastConfirmationSentAt && now.getTime() - sub.lastConfirmationSentAt.getTime() < RESEND_COOLDOWN_MS) {
      // A repeated signup inside the cool-down: the first mail is still on its way.
      return { kind: 'done' as const, subscriber: s, result: { subscriberId: s.id, subscriptionId: sub.id, status: 'PENDING', mailed: false } satisfies SubscribeResult };
    }
    const rawToken = randomToken();
    const expiresAt = new Date(now.getTime() + tenant.optInExpiryDays * 86_400_000);
    const data = {
      ...proof, status: 'PENDING' as const, confirmedAt: null, confirmIp: null, confirmUserAgent: null,
      tokenHash: sha256(rawToken), tokenExpiresAt: expiresAt, lastConfirmationSentAt: now,
    };
    const row = sub
      ? await tx.subscription.update({ where: { id: sub.id, tenantId }, data })
      : await tx.subscription.create({ data: { ...data, tenantId, listId: list.id, subscriberId: s.id } });
    return { kind: 'pending' as const, subscriber: s, rawToken, expiresAt, result: { subscriberId: s.id, subscriptionId: row.id, status: 'PENDING', mailed: true } satisfies SubscribeResult };
  });
  await kickWebhookDispatch(webhooks);

  const { subscriber, result } = out;
  if (out.kind === 'confirmed') {
    const welcomed = await sendWelcome(ctx, { list, subscriber, subscriptionId: result.subscriptionId, confirmedAt: now });
    if (!welcomed) await sendOptInNotice(ctx, { ...notice, subscriberId: subscriber.id, subscriptionId: result.subscriptionId });
  } else if (out.kind === 'pending') {
    await sendOptInConfirmation(ctx, { list, subscriber, rawToken: out.rawToken, expiresAt: out.expiresAt, subscriptionId: result.subscriptionId });
  }
  return result;
}

/**
 * Public token lookup. The raw token is random (256 bits) and only its hash is stored,
 * so finding its tenant by hash is safe; everything after goes through tenantDb.
 */
async function subscriptionByToken(rawToken: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(rawToken)) return null;
  const rows = await getDb().$queryRaw<{ tenantId: string }[]>`
    SELECT "tenantId"::text AS "tenantId" FROM "Subscription" WHERE "tokenHash" = ${sha256(rawToken)}`;
  const tenantId = rows[0]?.tenantId;
  if (!tenantId) return null;
  const db = tenantDb(tenantId);
  const sub = await db.subscription.findFirst({ where: { tokenHash: sha256(rawToken) }, include: { list: true, subscriber: true } });
  return sub ? { db, tenantId, sub } : null;
}

/** What the confirmation page shows before the click (GET never confirms: link scanners). */
export async function describeConfirmToken(input: { token: string; now?: Date }) {
  const found = await subscriptionByToken(input.token);
  if (!found || found.sub.status !== 'PENDING') return { state: 'invalid' as const };
  const expired = !found.sub.tokenExpiresAt || found.sub.tokenExpiresAt <= (input.now ?? new Date());
  return { state: expired ? ('expired' as const) : ('valid' as const), listName: found.sub.list.name, language: found.sub.list.language, email: found.sub.subscriber.email, footer: await publicFooter(found.tenantId) };
}

export type ConfirmResult = { listName: string; email: string; subscriberId: string };

export async function confirmSubscription(input: { token: string; ip?: string | null; userAgent?: string | null; now?: Date }): Promise<ConfirmResult> {
  const now = input.now ?? new Date();
  const found = await subscriptionByToken(input.token);
  // The token is cleared on confirmation, so a second click lands here too.
  if (!found) throw new DomainError('NOT_FOUND', 'This confirmation link is not valid or was already used. If you confirmed before, you are subscribed.');
  const { db, tenantId, sub } = found;
  if (sub.status !== 'PENDING') throw new DomainError('NOT_FOUND', 'This confirmation link was already used.');
  if (!sub.tokenExpiresAt || sub.tokenExpiresAt <= now) {
    throw new DomainError('GONE', 'This confirmation link has expired.', { canResend: true });
  }
  if (DEAD_STATUSES.has(sub.subscriber.status)) throw refused('This address cannot be subscribed.');
  const suppression = await db.suppression.findFirst({ where: { emailHash: emailHash(sub.subscriber.email) } });
  if (suppression && suppression.reason !== 'UNSUBSCRIBE') throw refused('This address cannot be subscribed.');

  await getDb().$transaction(async (tx) => {
    // Conditional on PENDING + the same token: two concurrent clicks confirm once.
    const r = await tx.subscription.updateMany({
      where: { id: sub.id, tenantId, status: 'PENDING', tokenHash: sub.tokenHash },
      data: { status: 'CONFIRMED', confirmedAt: now, confirmIp: input.ip ?? null, confirmUserAgent: input.userAgent?.slice(0, 500) ?? null, tokenHash: null, tokenExpiresAt: null },
    });
    if (r.count === 0) throw new DomainError('NOT_FOUND', 'This confirmation link was already used.');
    // Fresh, proven consent lifts an earlier unsubscribe (never any other suppression).
    await tx.subscriber.updateMany({ where: { id: sub.subscriberId, tenantId, status: 'UNSUBSCRIBED' }, data: { status: 'ACTIVE' } });
    await liftSuppressions({ kind: 'RECONFIRMATION' }, [{ tenantId, emailHash: emailHash(sub.subscriber.email) }], { db: tx });
    await emitWebhookEvent(tenantId, 'subscriber.confirmed', { subscriberId: sub.subscriberId, email: sub.subscriber.email, listId: sub.listId, source: sub.source, confirmedAt: now.toISOString() }, tx);
  });
  await kickWebhookDispatch();
  // After the commit, and only for the click that moved it: a second click never gets here.
  // A queue outage must not turn a recorded confirmation into an error page.
  await sendWelcome(systemCtx(tenantId), { list: sub.list, subscriber: sub.subscriber, subscriptionId: sub.id, confirmedAt: now })
    .catch((err) => console.error(`welcome mail for subscription ${sub.id} not queued: ${err instanceof Error ? err.message : String(err)}`));
  return { listName: sub.list.name, email: sub.subscriber.email, subscriberId: sub.subscriberId };
}

async function resend(db: ReturnType<typeof tenantDb>, tenantId: string, subscriptionId: string, now: Date) {
  assertId(subscriptionId, 'Subscription');
  await assertTenantMaySend(systemCtx(tenantId), 'RESEND_CONFIRMATION');
  const sub = await db.subscription.findFirst({ where: { id: subscriptionId }, include: { list: true, subscriber: true } });
  if (!sub) throw new DomainError('NOT_FOUND', 'Subscription not found').withText('common.notFound', { what: 'Subscription' });
  if (sub.status !== 'PENDING') {
    throw new DomainError('CONFLICT', sub.status === 'CONFIRMED' ? 'This subscription is already confirmed.' : 'This subscription was cancelled; subscribe again on the form.')
      .withText(sub.status === 'CONFIRMED' ? 'subscribers.alreadyConfirmed' : 'subscribers.cancelled');
  }
  if (DEAD_STATUSES.has(sub.subscriber.status)) throw refused('This address cannot be subscribed.');
  if (sub.lastConfirmationSentAt && now.getTime() - sub.lastConfirmationSentAt.getTime() < RESEND_COOLDOWN_MS) {
    const minutes = Math.ceil((RESEND_COOLDOWN_MS - (now.getTime() - sub.lastConfirmationSentAt.getTime())) / 60_000);
    throw new DomainError('RATE_LIMITED', `A confirmation mail was sent a moment ago. Please check your inbox and spam folder, or try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`)
      .withText('subscribers.confirmationWait', { minutes });
  }
  const tenant = (await getDb().tenant.findUnique({ where: { id: tenantId } }))!;
  const rawToken = randomToken();
  const expiresAt = new Date(now.getTime() + tenant.optInExpiryDays * 86_400_000);
  // Conditional on the old send time: two concurrent resends mail once.
  const r = await db.subscription.updateMany({
    where: { id: sub.id, status: 'PENDING', lastConfirmationSentAt: sub.lastConfirmationSentAt },
    data: { tokenHash: sha256(rawToken), tokenExpiresAt: expiresAt, lastConfirmationSentAt: now },
  });
  if (r.count === 0) throw new DomainError('RATE_LIMITED', 'A confirmation mail was sent a moment ago.').withText('subscribers.confirmationJustSent');
  await sendOptInConfirmation(systemCtx(tenantId), { list: sub.list, subscriber: sub.subscriber, rawToken, expiresAt, subscriptionId: sub.id });
  return { email: sub.subscriber.email, expiresAt };
}

/** Resend from the (expired) link's page: the old token identifies the subscription. */
export async function resendConfirmationByToken(input: { token: string; now?: Date }) {
  const found = await subscriptionByToken(input.token);
  if (!found) throw new DomainError('NOT_FOUND', 'This link is no longer valid. Please subscribe again on the form.');
  return resend(found.db, found.tenantId, found.sub.id, input.now ?? new Date());
}

/** Resend by a marketer (subscriber detail page) or the API. */
export async function resendConfirmation(ctx: TenantCtx, subscriptionId: string, now = new Date()) {
  return resend(tenantDb(ctx.tenantId), ctx.tenantId, subscriptionId, now);
}

/**
 * Deletes unconfirmed subscriptions past their expiry, and subscribers left with no
 * subscription and no message (personal data held without consent). Runs for all
 * tenants as a scheduled job, so it filters by status and expiry only.
 */
export async function pruneExpiredOptIns(input: { now?: Date } = {}) {
  const now = input.now ?? new Date();
  return getDb().$transaction(async (tx) => {
    const gone = await tx.$queryRaw<{ subscriberId: string }[]>`
      DELETE FROM "Subscription" WHERE status = 'PENDING' AND "tokenExpiresAt" < ${now}
      RETURNING "subscriberId"::text AS "subscriberId"`;
    const ids = [...new Set(gone.map((g) => g.subscriberId))];
    const orphans = ids.length === 0 ? 0 : await tx.$executeRaw`
      DELETE FROM "Subscriber" s WHERE s.id = ANY(${ids}::uuid[]) AND s.status = 'ACTIVE'
        AND NOT EXISTS (SELECT 1 FROM "Subscription" x WHERE x."subscriberId" = s.id)
        AND NOT EXISTS (SELECT 1 FROM "Message" m WHERE m."subscriberId" = s.id)`;
    return { subscriptions: gone.length, subscribers: orphans };
  });
}

