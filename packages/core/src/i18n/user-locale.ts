// A user's language: chosen in the app (language switcher) and used for the UI and for the
// system mail they receive (invitations, password resets, alerts). null: not chosen, the UI
// follows the browser and mail goes out in English.
import { getDb, tenantDb } from '@rundbrief/db';
import { DEFAULT_LOCALE, type Locale } from './locales.ts';

export async function userLocale(userId: string): Promise<Locale | null> {
  const user = await getDb().user.findUnique({ where: { id: userId }, select: { locale: true } });
  return user?.locale ?? null;
}

/**
 * The language a subscriber is spoken to in where no single list is in view (their data page,
 * unsubscribing from everything, mails about their data): the language of the list they
 * signed up to most recently, else English.
 */
export async function subscriberLocale(tenantId: string, subscriberId: string): Promise<Locale> {
  const sub = await tenantDb(tenantId).subscription.findFirst({
    where: { subscriberId }, orderBy: { requestedAt: 'desc' }, select: { list: { select: { language: true } } },
  });
  return sub?.list.language ?? DEFAULT_LOCALE;
}

/** Acts on the signed-in user's own row only: the caller passes the session's user id. */
export async function setUserLocale(userId: string, locale: Locale): Promise<void> {
  await getDb().user.update({ where: { id: userId }, data: { locale } });
}
