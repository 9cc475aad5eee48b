// Consent transitions through the real database and the real system-mail queue.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import {
  closeQueues, confirmSubscription, createList, DomainError, eraseSubscriber, pruneExpiredOptIns,
  resendConfirmation, resendConfirmationByToken, subscribe, suppressAddress, updateList, RESEND_COOLDOWN_MS,
} from '../../src/index.ts';
import { mjmlCompileCount } from '@rundbrief/mailer/render/index';
import { confirmTokenFor, freshTenants, giveVerifiedSender, queuedMails, subscription } from './helpers.ts';

const db = getDb();
let tenantA: string;
let tenantB: string;
let listId: string;

beforeEach(async () => {
  const { a, b } = await freshTenants();
  tenantA = a.id;
  tenantB = b.id;
  listId = (await createList({ tenantId: tenantA }, { name: 'News', optInMode: 'DOUBLE' })).id;
});
afterAll(closeQueues);

const proof = { source: 'FORM' as const, ip: '203.0.113.7', userAgent: 'Firefox/140' };

describe('double opt-in', () => {
  it('subscribe -> PENDING with proof and a confirmation mail; confirm once -> CONFIRMED', async () => {
    const r = await subscribe({ tenantId: tenantA }, { listId, email: 'Anna@Example.com', firstName: 'Anna', ...proof });
    expect(r.status).toBe('PENDING');
    const pending = (await subscription('anna@example.com'))!;
    expect(pending).toMatchObject({ status: 'PENDING', source: 'FORM', requestIp: '203.0.113.7', requestUserAgent: 'Firefox/140' });
    expect(pending.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    // Default expiry: 7 days.
    expect(Math.round((pending.tokenExpiresAt!.getTime() - pending.requestedAt.getTime()) / 86_400_000)).toBe(7);
    const mails = await queuedMails();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ kind: 'OPT_IN_CONFIRMATION', to: 'anna@example.com', tenantId: tenantA });
    const token = await confirmTokenFor('anna@example.com');
    expect(pending.tokenHash).not.toContain(token);

    const c = await confirmSubscription({ token, ip: '198.51.100.9', userAgent: 'Mobile Safari' });
    expect(c).toMatchObject({ listName: 'News', email: 'anna@example.com' });
    expect(await subscription('anna@example.com')).toMatchObject({ status: 'CONFIRMED', confirmIp: '198.51.100.9', confirmUserAgent: 'Mobile Safari', tokenHash: null });
    // Second click: the link has been used.
    await expect(confirmSubscription({ token })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('an expired link is refused with a resend offer; resend sends a new working link', async () => {
    const past = new Date(Date.now() - 8 * 86_400_000);
    await subscribe({ tenantId: tenantA }, { listId, email: 'ben@example.com', now: past, ...proof });
    const token = await confirmTokenFor('ben@example.com');
    await expect(confirmSubscription({ token })).rejects.toMatchObject({ code: 'GONE', details: { canResend: true } });
    expect((await subscription('ben@example.com'))!.status).toBe('PENDING');
    await resendConfirmationByToken({ token });
    const fresh = await confirmTokenFor('ben@example.com');
    expect(fresh).not.toBe(token);
    await expect(confirmSubscription({ token })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await confirmSubscription({ token: fresh });
    expect((await subscription('ben@example.com'))!.status).toBe('CONFIRMED');
  });

  it('compiles the list mail once per list version, not once per signup', async () => {
    await giveVerifiedSender(tenantA);
    await updateList({ tenantId: tenantA }, listId, { name: 'News', confirmationSubject: 'Confirm {{ list_name }}, {{ firstName | "friend" }}' });
    const before = mjmlCompileCount();
    for (const name of ['ida', 'jon', 'kim']) await subscribe({ tenantId: tenantA }, { listId, email: `${name}@example.com`, firstName: name, ...proof });
    expect(mjmlCompileCount() - before).toBe(1);
    expect((await queuedMails()).map((m) => m.subject)).toEqual(['Confirm News, ida', 'Confirm News, jon', 'Confirm News, kim']);
    await updateList({ tenantId: tenantA }, listId, { name: 'Weekly', confirmationSubject: 'Confirm {{ list_name }}' });
    const renamed = mjmlCompileCount();
    await subscribe({ tenantId: tenantA }, { listId, email: 'lou@example.com', ...proof });
    await subscribe({ tenantId: tenantA }, { listId, email: 'max@example.com', ...proof });
    expect(mjmlCompileCount() - renamed).toBe(1);
    expect((await queuedMails()).at(-1)!.subject).toBe('Confirm Weekly');
  });

  it('honours the tenant expiry setting', async () => {
    await db.tenant.update({ where: { id: tenantA }, data: { optInExpiryDays: 2 } });
    const now = new Date();
    await subscribe({ tenantId: tenantA }, { listId, email: 'cleo@example.com', now, ...proof });
    const s = (await subscription('cleo@example.com'))!;
    expect(s.tokenExpiresAt!.getTime() - now.getTime()).toBe(2 * 86_400_000);
  });

  it('resend has a cool-down', async () => {
    const r = await subscribe({ tenantId: tenantA }, { listId, email: 'dora@example.com', ...proof });
    await expect(resendConfirmation({ tenantId: tenantA }, r.subscriptionId)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    // A repeated form signup inside the cool-down does not mail again either.
    expect((await subscribe({ tenantId: tenantA }, { listId, email: 'dora@example.com', ...proof })).mailed).toBe(false);
    expect(await queuedMails()).toHaveLength(1);
    const later = new Date(Date.now() + RESEND_COOLDOWN_MS + 1000);
    await resendConfirmation({ tenantId: tenantA }, r.subscriptionId, later);
    expect(await queuedMails()).toHaveLength(2);
  });

  it('pruneExpiredOptIns deletes expired pending subscriptions and their orphaned subscribers only', async () => {
    await subscribe({ tenantId: tenantA }, { listId, email: 'old@example.com', now: new Date(Date.now() - 10 * 86_400_000), ...proof });
    await subscribe({ tenantId: tenantA }, { listId, email: 'new@example.com', ...proof });
    const r = await pruneExpiredOptIns();
    expect(r).toEqual({ subscriptions: 1, subscribers: 1 });
    expect(await db.subscriber.findMany({ select: { email: true } })).toEqual([{ email: 'new@example.com' }]);
  });
});

describe('CONFIRMED mode and re-subscribe', () => {
  it('CONFIRMED list: confirmed at once with a notice mail', async () => {
    const list = await createList({ tenantId: tenantA }, { name: 'Direct', optInMode: 'CONFIRMED' });
    const r = await subscribe({ tenantId: tenantA }, { listId: list.id, email: 'eva@example.com', ...proof });
    expect(r.status).toBe('CONFIRMED');
    expect(await subscription('eva@example.com')).toMatchObject({ status: 'CONFIRMED', requestIp: '203.0.113.7' });
    const [mail] = await queuedMails();
    expect(mail).toMatchObject({ kind: 'OPT_IN_NOTICE', to: 'eva@example.com' });
    expect(mail!.text).toMatch(/\/p\//);
  });

  it('re-subscribing an unsubscribed address needs a new double opt-in, even on a CONFIRMED list', async () => {
    const list = await createList({ tenantId: tenantA }, { name: 'Direct', optInMode: 'CONFIRMED' });
    await subscribe({ tenantId: tenantA }, { listId: list.id, email: 'finn@example.com', ...proof });
    const s = (await subscription('finn@example.com'))!;
    await db.subscription.update({ where: { id: s.id }, data: { status: 'UNSUBSCRIBED', unsubscribedAt: new Date() } });
    await db.subscriber.update({ where: { id: s.subscriberId }, data: { status: 'UNSUBSCRIBED' } });
    await suppressAddress({ tenantId: tenantA }, { email: 'finn@example.com', reason: 'UNSUBSCRIBE' });

    const r = await subscribe({ tenantId: tenantA }, { listId: list.id, email: 'finn@example.com', ...proof });
    expect(r.status).toBe('PENDING');
    expect((await subscription('finn@example.com'))!.status).toBe('PENDING');
    await confirmSubscription({ token: await confirmTokenFor('finn@example.com') });
    expect(await subscription('finn@example.com')).toMatchObject({ status: 'CONFIRMED', subscriber: { status: 'ACTIVE' } });
    // The fresh consent lifts the unsubscribe suppression.
    expect(await db.suppression.count()).toBe(0);
  });

  it('bounced, complained, blocked subscribers and suppressed addresses never get confirmed', async () => {
    for (const status of ['BOUNCED', 'COMPLAINED', 'BLOCKED'] as const) {
      const email = `${status.toLowerCase()}@example.com`;
      await db.subscriber.create({ data: { tenantId: tenantA, email, status } });
      await expect(subscribe({ tenantId: tenantA }, { listId, email, ...proof })).rejects.toMatchObject({ code: 'POLICY' });
    }
    await suppressAddress({ tenantId: tenantA }, { email: 'hard@example.com', reason: 'HARD_BOUNCE' });
    await expect(subscribe({ tenantId: tenantA }, { listId, email: 'hard@example.com', ...proof })).rejects.toThrow('cannot be subscribed');
    // Suppressed after the mail went out: the link no longer confirms.
    await subscribe({ tenantId: tenantA }, { listId, email: 'late@example.com', ...proof });
    const token = await confirmTokenFor('late@example.com');
    await suppressAddress({ tenantId: tenantA }, { email: 'late@example.com', reason: 'COMPLAINT' });
    await expect(confirmSubscription({ token })).rejects.toMatchObject({ code: 'POLICY' });
    expect((await subscription('late@example.com'))!.status).toBe('PENDING');
  });

  it('refuses invalid, disposable, role and platform-blocked addresses with plain messages', async () => {
    await db.blockedAddress.create({ data: { value: 'trap@spamtrap.example', kind: 'SPAM_TRAP' } });
    await db.blockedAddress.create({ data: { value: 'formspam.example', kind: 'FORM_SPAM_DOMAIN' } });
    const attempt = (email: string) => subscribe({ tenantId: tenantA }, { listId, email, ...proof });
    await expect(attempt('not an address')).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(attempt('x@mailinator.com')).rejects.toThrow(/disposable/);
    await expect(attempt('info@shop.example')).rejects.toThrow(/role addresses/);
    await expect(attempt('trap@spamtrap.example')).rejects.toThrow('cannot be subscribed');
    await expect(attempt('bot@sub.formspam.example')).rejects.toThrow('cannot be subscribed');
    await db.tenant.update({ where: { id: tenantA }, data: { rejectRoleAddresses: false } });
    expect((await attempt('info@shop.example')).status).toBe('PENDING');
    expect(await queuedMails()).toHaveLength(1);
  });
});

describe('erasure and tenancy', () => {
  it('erase removes personal data and keeps a hashed suppression that refuses re-subscribe', async () => {
    const r = await subscribe({ tenantId: tenantA }, { listId, email: 'gina@example.com', firstName: 'Gina', ...proof });
    await db.event.create({ data: { tenantId: tenantA, subscriberId: r.subscriberId, type: 'OPEN', metadata: { ip: '203.0.113.7' } } });
    await eraseSubscriber({ tenantId: tenantA }, r.subscriberId);
    expect(await db.subscriber.count()).toBe(0);
    expect(await db.subscription.count()).toBe(0);
    const [sup] = await db.suppression.findMany();
    expect(sup).toMatchObject({ email: null, reason: 'ERASED' });
    const [ev] = await db.event.findMany();
    expect(ev).toMatchObject({ subscriberId: null, metadata: {} });
    await expect(subscribe({ tenantId: tenantA }, { listId, email: 'GINA@example.com', ...proof })).rejects.toThrow('cannot be subscribed');
  });

  it("tenant B cannot subscribe into, resend for or erase tenant A's rows", async () => {
    const r = await subscribe({ tenantId: tenantA }, { listId, email: 'hana@example.com', ...proof });
    await expect(subscribe({ tenantId: tenantB }, { listId, email: 'x@example.com', ...proof })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(resendConfirmation({ tenantId: tenantB }, r.subscriptionId)).rejects.toBeInstanceOf(DomainError);
    await expect(eraseSubscriber({ tenantId: tenantB }, r.subscriberId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await db.subscriber.count()).toBe(1);
  });
});
