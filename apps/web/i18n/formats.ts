// Named formats for dates, numbers and percentages: the same name renders "7 Dec 2026" in
// English and "07.12.2026" in German. Use them through next-intl's formatter:
//   const format = await getFormatter();  /  const format = useFormatter();
//   format.dateTime(d, 'date')   format.dateTime(d, 'dateTime')   format.number(n)
//   format.number(0.127, 'percent')  ->  "12.7%" / "12,7 %"
// and inside messages: "Sent {when, date, date}" or "{rate, number, percent}".
import type { Formats } from 'next-intl';

// Times are shown in UTC (as before the translation): users have no time zone setting yet.
export const TIME_ZONE = 'UTC';

export const FORMATS = {
  dateTime: {
    date: { year: 'numeric', month: 'short', day: 'numeric' },
    dateTime: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
    time: { hour: '2-digit', minute: '2-digit' },
    dayMonth: { month: 'short', day: 'numeric' },
  },
  number: {
    integer: { maximumFractionDigits: 0 },
    // Shares like open rates: one decimal place, two below 1 % so 0.4 % does not read as 0 %.
    percent: { style: 'percent', maximumFractionDigits: 1 },
    percentFine: { style: 'percent', maximumFractionDigits: 2 },
  },
} satisfies Formats;

/** A share (0..1) as a percentage with the precision of the dashboards. */
export function percentFormat(x: number): 'percent' | 'percentFine' {
  return x > 0 && x < 0.01 ? 'percentFine' : 'percent';
}
