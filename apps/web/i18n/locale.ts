// Which language a request is rendered in (issue 14):
//   1. the signed-in user's profile language (User.locale, set by the language switcher),
//   2. else the cookie the switcher sets for visitors who are not signed in,
//   3. else the browser's Accept-Language (de or en), else English.
// Subscriber-facing pages do not use this: they render in their list's language by passing
// it explicitly, getTranslations({ locale: list.language, namespace: 'public' }).
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { isLocale, negotiateLocale, type Locale } from '@rundbrief/core/i18n/locales';
import { userLocale } from '@rundbrief/core/i18n/user-locale';
import { currentUserId } from '@/lib/session';

import { LOCALE_COOKIE } from './cookie-name.ts';

export { LOCALE_COOKIE };
export const LOCALE_COOKIE_MAX_AGE = 365 * 86_400;

export const requestLocale = cache(async (): Promise<Locale> => {
  const userId = await currentUserId();
  if (userId) {
    const chosen = await userLocale(userId);
    if (chosen) return chosen;
  }
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(cookie)) return cookie;
  return negotiateLocale((await headers()).get('accept-language'));
});
