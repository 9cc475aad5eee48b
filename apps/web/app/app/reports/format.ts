// Formatting shared by the report pages.
import type { SeriesName, TimeBucket } from '@rundbrief/core';
import type { createFormatter } from 'next-intl';
import { percentFormat } from '@/i18n/formats';

type Formatter = ReturnType<typeof createFormatter>;

/** A rate (0..1) as "12.5%" / "12,5 %" in the page's language: `formatPercent(await getFormatter(), x)`. */
export const formatPercent = (format: Formatter, x: number) => format.number(x, percentFormat(x));

/** English only: replace with formatPercent when translating a page (issue 14). */
export const percent = (x: number) => `${(x * 100).toFixed(x > 0 && x < 0.01 ? 2 : 1)} %`;

export const seriesPoints = (buckets: TimeBucket[], key: SeriesName, label: (d: Date) => string) =>
  buckets.map((b) => ({ label: label(b.at), value: b[key] }));
