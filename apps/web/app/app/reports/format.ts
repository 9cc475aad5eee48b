// Formatting shared by the report pages.
import type { SeriesName, TimeBucket } from '@rundbrief/core';

export const percent = (x: number) => `${(x * 100).toFixed(x > 0 && x < 0.01 ? 2 : 1)} %`;

export const seriesPoints = (buckets: TimeBucket[], key: SeriesName, label: (d: Date) => string) =>
  buckets.map((b) => ({ label: label(b.at), value: b[key] }));
