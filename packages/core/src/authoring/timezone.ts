// Wall-clock time in an IANA zone -> UTC instant, with Intl only (no tz database copy).
import { DomainError } from '../errors.ts';

export function timeZones(): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

export function isTimeZone(tz: string): boolean {
  try {
    // Intl accepts aliases (Asia/Kolkata) that supportedValuesOf lists under another name.
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
}

/** The wall-clock fields of `instant` in `tz`, as if they were UTC (ms). */
function wallClockAsUtc(instant: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/** "2026-12-01T09:00" in "Europe/Berlin" -> the UTC Date. Refuses times skipped by a DST change. */
export function zonedTimeToUtc(local: string, tz: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(local.trim());
  if (!m) throw new DomainError('VALIDATION', 'Enter the date and time as YYYY-MM-DD HH:MM.').withText('schedule.dateFormat');
  if (!isTimeZone(tz)) throw new DomainError('VALIDATION', `Unknown time zone "${tz}".`).withText('schedule.unknownZone', { zone: tz });
  const wanted = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  if (Number.isNaN(wanted) || new Date(wanted).getUTCDate() !== +m[3]!) throw new DomainError('VALIDATION', 'That date does not exist.').withText('schedule.noSuchDate');
  // Two passes converge across DST boundaries: the offset at the guess, then at the result.
  let utc = wanted - (wallClockAsUtc(wanted, tz) - wanted);
  utc = wanted - (wallClockAsUtc(utc, tz) - utc);
  if (wallClockAsUtc(utc, tz) !== wanted) {
    throw new DomainError('VALIDATION', `${local} does not exist in ${tz} (the clocks skip it); choose another time.`).withText('schedule.skipped', { local, zone: tz });
  }
  return new Date(utc);
}

/** For display: the instant as "YYYY-MM-DD HH:MM" wall-clock time in `tz`. */
export function formatInZone(d: Date, tz: string): string {
  return new Date(wallClockAsUtc(d.getTime(), tz)).toISOString().slice(0, 16).replace('T', ' ');
}
