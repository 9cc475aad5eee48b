// The day a daily budget counts against (UTC) and what the campaign page says while waiting.
import { describe, expect, it } from 'vitest';
import { utcDay } from '../../src/sending/limits.ts';
import { dailyLimitNotice, dailyLimitReply } from '../../src/sending/daily-limit.ts';

describe('daily send limit', () => {
  it('counts per UTC day and continues at the next midnight UTC', () => {
    expect(utcDay(Date.parse('2026-12-07T23:59:59.999Z'))).toEqual({ day: '2026-12-07', endsAt: new Date('2026-12-08T00:00:00Z') });
    expect(utcDay(Date.parse('2026-12-08T00:00:00Z'))).toEqual({ day: '2026-12-08', endsAt: new Date('2026-12-09T00:00:00Z') });
    expect(utcDay(Date.parse('2026-12-31T12:00:00Z')).endsAt).toEqual(new Date('2027-01-01T00:00:00Z'));
  });

  it('the notice shows while a sending campaign waits, not after the time or in another status', () => {
    const until = new Date('2026-12-08T00:00:00Z');
    const now = new Date('2026-12-07T15:00:00Z');
    expect(dailyLimitNotice({ status: 'SENDING', dailyLimitUntil: until }, now)).toBe('Daily limit reached, continues at 2026-12-08 00:00 UTC.');
    expect(dailyLimitNotice({ status: 'SENDING', dailyLimitUntil: until }, new Date('2026-12-08T00:00:01Z'))).toBeNull();
    expect(dailyLimitNotice({ status: 'PAUSED', dailyLimitUntil: until }, now)).toBeNull();
    expect(dailyLimitNotice({ status: 'SENDING', dailyLimitUntil: null }, now)).toBeNull();
    expect(dailyLimitReply(until)).toBe('Daily send limit reached; continues at 2026-12-08T00:00:00.000Z');
  });
});
