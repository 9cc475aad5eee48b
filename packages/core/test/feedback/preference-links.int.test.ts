// Preference links expire PREFERENCES_LINK_DAYS after the mail; an expired one can only ask
// for a fresh link, mailed to the subscriber's own address. Erasure from the data page only
// mails a confirmation link; following that link (and confirming) erases.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import {
  closeQueues, confirmErasure, getListPreferences, mailFreshPreferencesLink, pauseSubscriber, preferencesToken, requestErasure,
  signToken, subscriberByErasureToken, subscriberByPreferencesToken,
} from '../../src/index.ts';
import { freshTenants, queuedMails } from '../audience/helpers.ts';

const DAY = 86_400_000;
let tenantId: string;
let subscriberId: string;

beforeEach(async () => {
  const { a } = await freshTenants();
  tenantId = a.id;
  subscriberId = (await getDb().subscriber.create({ data: { tenantId, email: 'ida@example.com', firstName: 'Ida' } })).id;
});
afterAll(() => closeQueues());

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));
const linkIn = (text: string, path: 'p' | 'erase') => new RegExp(`/${path}/([A-Za-z0-9_.-]+)`).exec(text)?.[1];

describe('preference links', () => {
  it('work for 30 days after the mail, then are GONE for every use (not a 500)', async () => {
    const now = Date.now();
    expect(await subscriberByPreferencesToken(preferencesToken(subscriberId, now - 29 * DAY))).toEqual({ tenantId, subscriberId });
    const old = preferencesToken(subscriberId, now - 31 * DAY);
    expect(await code(subscriberByPreferencesToken(old))).toBe('GONE');
    expect(await code(getListPreferences(old))).toBe('GONE');
    expect(await code(pauseSubscriber({ token: old, days: 30 }))).toBe('GONE');
    expect(await code(requestErasure(old))).toBe('GONE');
    // a link from before links carried a time is expired too; a forged one is not ours
    expect(await code(subscriberByPreferencesToken(signToken('prefs', { s: subscriberId })))).toBe('GONE');
    expect(await code(subscriberByPreferencesToken(`${old}x`))).toBe('NOT_FOUND');
    expect((await getDb().subscriber.findUniqueOrThrow({ where: { id: subscriberId } })).pausedUntil).toBeNull();
  });

  it('an expired link mails a fresh one to the subscriber (once per window), and that one works', async () => {
    const old = preferencesToken(subscriberId, Date.now() - 40 * DAY);
    await mailFreshPreferencesLink(old);
    await mailFreshPreferencesLink(old);
    const mails = (await queuedMails()).filter((m) => m.kind === 'PREFERENCES_LINK');
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: 'ida@example.com', tenantId });
    expect(await subscriberByPreferencesToken(linkIn(mails[0]!.text, 'p')!)).toEqual({ tenantId, subscriberId });
    expect(await code(mailFreshPreferencesLink('forged.token'))).toBe('NOT_FOUND');
  });

  it('erasure through the page only mails a confirmation; the mailed link erases', async () => {
    await requestErasure(preferencesToken(subscriberId));
    expect(await getDb().subscriber.count({ where: { id: subscriberId } })).toBe(1);
    const [mail] = (await queuedMails()).filter((m) => m.kind === 'ERASURE_CONFIRMATION');
    expect(mail).toMatchObject({ to: 'ida@example.com' });
    const eraseToken = linkIn(mail!.text, 'erase')!;
    // The page's token is no erasure token, nor is an erasure link older than a day.
    expect(await code(confirmErasure(preferencesToken(subscriberId)))).toBe('NOT_FOUND');
    expect(await code(confirmErasure(signToken('erase', { s: subscriberId, t: Math.floor((Date.now() - 25 * 3_600_000) / 1000) })))).toBe('GONE');
    expect(await getDb().subscriber.count({ where: { id: subscriberId } })).toBe(1);

    expect(await subscriberByErasureToken(eraseToken)).toEqual({ tenantId, subscriberId });
    await confirmErasure(eraseToken);
    expect(await getDb().subscriber.count({ where: { id: subscriberId } })).toBe(0);
    expect(await getDb().suppression.count({ where: { tenantId, reason: 'ERASED' } })).toBe(1);
  });
});
