import { describe, expect, it } from 'vitest';
import { mailDateTime } from '../../src/i18n/mail-date.ts';

const d = new Date('2026-12-07T14:05:59Z');

describe('mailDateTime', () => {
  it('writes the date, a 24-hour time and the zone in the mail language', () => {
    expect(mailDateTime(d, 'en')).toBe('December 7, 2026, 14:05 UTC');
    expect(mailDateTime(d, 'de')).toBe('7. Dezember 2026, 14:05 UTC');
    expect(mailDateTime(new Date('2026-03-01T00:30:00Z'), 'de')).toBe('1. März 2026, 00:30 UTC');
  });
  it('uses a given time zone and names it', () => {
    expect(mailDateTime(d, 'de', 'Europe/Berlin')).toBe('7. Dezember 2026, 15:05 MEZ');
    expect(mailDateTime(d, 'en', 'Europe/Berlin')).toMatch(/^December 7, 2026, 15:05 GMT\+1$/);
  });
});
