'use server';

import { cookies } from 'next/headers';
import { localeSchema } from '@rundbrief/core/i18n/locales';
import { setUserLocale } from '@rundbrief/core/i18n/user-locale';
import { currentUserId } from '@/lib/session';
import { expectArgs, runAction, type ActionResult } from '@/lib/actions';
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE } from './locale.ts';

/**
 * The language switcher (app shell and sign-in pages). Saves to the signed-in user's profile,
 * so the choice follows them to other browsers and into their system mail; the cookie keeps
 * it for the sign-in page after signing out. Only the session's own user is written: the
 * form carries no user id, and any sent along is ignored.
 */
export async function setLanguageAction(_: unknown, form: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    expectArgs({ form });
    const locale = localeSchema.parse(form.get('locale'));
    const userId = await currentUserId();
    if (userId) await setUserLocale(userId, locale);
    (await cookies()).set(LOCALE_COOKIE, locale, { path: '/', maxAge: LOCALE_COOKIE_MAX_AGE, sameSite: 'lax', httpOnly: true });
    return null;
  });
}
