/** The language switcher's cookie for visitors who are not signed in (issue 14). */
export const LOCALE_COOKIE = 'rb-locale';
