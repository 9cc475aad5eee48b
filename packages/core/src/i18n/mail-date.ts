// Dates in subscriber mail, in the list's language: "December 7, 2026, 14:05 UTC" /
// "7. Dezember 2026, 14:05 UTC". A fixed time zone (UTC) because neither the tenant nor the
// list has one; the zone is always named, so nobody reads the time as their own local time.
import { DEFAULT_LOCALE, type Locale } from './locales.ts';

const TAG: Record<Locale, string> = { en: 'en-US', de: 'de-DE' };

export function mailDateTime(d: Date, locale: Locale = DEFAULT_LOCALE, timeZone = 'UTC'): string {
  const tag = TAG[locale] ?? TAG[DEFAULT_LOCALE];
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone }).format(d);
  const time = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(d);
  const zone = timeZone === 'UTC' ? 'UTC'
    : new Intl.DateTimeFormat(tag, { timeZone, timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  return `${date}, ${time} ${zone}`;
}
