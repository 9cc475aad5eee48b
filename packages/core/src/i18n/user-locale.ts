// A user's language: chosen in the app (language switcher) and used for the UI and for the
// system mail they receive (invitations, password resets, alerts). null: not chosen, the UI
// follows the browser and mail goes out in English.
import { getDb } from '@rundbrief/db';
import { DEFAULT_LOCALE, type Locale } from './locales.ts';

export async function userLocale(userId: string): Promise<Locale | null> {
  const user = await getDb().user.findUnique({ where: { id: userId }, select: { locale: true } });
  return user?.locale ?? null;
}

/** The language of system mail to an address: its user's choice, else English. */
export async function mailLocaleFor(email: string): Promise<Locale> {
  const user = await getDb().user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { locale: true } });
  return user?.locale ?? DEFAULT_LOCALE;
}

/** Acts on the signed-in user's own row only: the caller passes the session's user id. */
export async function setUserLocale(userId: string, locale: Locale): Promise<void> {
  await getDb().user.update({ where: { id: userId }, data: { locale } });
}
