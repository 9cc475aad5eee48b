// Formatting shared by the report pages.
import type { SeriesName, TimeBucket } from '@rundbrief/core';
import type { createFormatter } from 'next-intl';
import { percentFormat } from '@/i18n/formats';

type Formatter = ReturnType<typeof createFormatter>;

/** A rate (0..1) as "12.5%" / "12,5 %" in the page's language: `formatPercent(await getFormatter(), x)`. */
export const formatPercent = (format: Formatter, x: number) => format.number(x, percentFormat(x));

export const seriesPoints = (buckets: TimeBucket[], key: SeriesName, label: (d: Date) => string) =>
  buckets.map((b) => ({ label: label(b.at), value: b[key] }));
