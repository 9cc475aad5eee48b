// A/B test rules, pure: how the audience is split and how the winner is chosen. The SQL that
// assigns the split (ab-send.ts) follows abSplit exactly; the unit tests pin both down.
import { z } from 'zod';
import { zodText, issueText } from '../texts.ts';

export const AB_LABELS = ['A', 'B', 'C', 'D'] as const;
export const AB_DIFFERS = ['subject', 'preheader', 'content'] as const;
export type AbDiffer = (typeof AB_DIFFERS)[number];
export const AB_METRICS = ['OPEN', 'CLICK'] as const;
export type AbMetric = (typeof AB_METRICS)[number];

export const AB_MIN_PERCENT = 5;
export const AB_MAX_PERCENT = 50;
/** 15 minutes to 7 days: shorter measures nothing, longer sends stale news to the rest. */
export const AB_MIN_WAIT_MINUTES = 15;
export const AB_MAX_WAIT_MINUTES = 7 * 24 * 60;

/** Shown in the editor and the report, and the rule pickAbWinner follows. */
export const AB_TIE_RULE = 'On a tie the earlier variant (A before B) wins.';

const variantInput = z.object({
  subject: z.string().trim().max(998, zodText('campaigns.subjectTooLong', 'The subject is limited to 998 characters.')).refine((s) => !/[\r\n]/.test(s), zodText('campaigns.subjectOneLine', 'The subject cannot contain line breaks.')).nullish(),
  preheader: z.string().trim().max(255, zodText('campaigns.preheaderTooLong', 'The preheader is limited to 255 characters.')).nullish(),
  mjml: z.string().max(1_000_000, zodText('campaigns.contentTooLarge', 'The content is larger than 1 MB.')).nullish(),
});

/**
 * The A/B settings as the editor and the API send them. Variants are ordered: the first is
 * A. A field that does not differ is ignored (the campaign's own value is used).
 */
export const abTestInput = z.object({
  differs: z.array(z.enum(AB_DIFFERS)).min(1, zodText('campaigns.abDiffers', 'Choose what differs between the variants.')).max(3),
  testPercent: z.number(zodText('campaigns.abTestShare', 'Enter the test share in percent.')).int(zodText('campaigns.wholeNumber', 'Enter a whole number.'))
    .min(AB_MIN_PERCENT, zodText('campaigns.abShareMin', `The test share is at least ${AB_MIN_PERCENT} %.`, { percent: AB_MIN_PERCENT })).max(AB_MAX_PERCENT, zodText('campaigns.abShareMax', `The test share is at most ${AB_MAX_PERCENT} %.`, { percent: AB_MAX_PERCENT })),
  metric: z.enum(AB_METRICS, zodText('campaigns.abMetric', 'The winner is chosen by opens or clicks.')),
  waitMinutes: z.number(zodText('campaigns.abWait', 'Enter the wait in minutes.')).int(zodText('campaigns.abWholeMinutes', 'Enter whole minutes.'))
    .min(AB_MIN_WAIT_MINUTES, zodText('campaigns.abWaitMin', `Wait at least ${AB_MIN_WAIT_MINUTES} minutes.`, { minutes: AB_MIN_WAIT_MINUTES })).max(AB_MAX_WAIT_MINUTES, zodText('campaigns.abWaitMax', 'Wait at most 7 days.')),
  variants: z.array(variantInput).min(2, zodText('campaigns.abMinVariants', 'An A/B test needs at least 2 variants.')).max(4, zodText('campaigns.abMaxVariants', 'An A/B test has at most 4 variants.')),
}).superRefine((v, ctx) => {
  v.variants.forEach((variant, i) => {
    const label = AB_LABELS[i];
    if (v.differs.includes('subject') && !variant.subject?.trim()) {
      ctx.addIssue({ code: 'custom', path: ['variants', i, 'subject'], ...issueText('campaigns.abVariantSubject', `Variant ${label}: enter a subject.`, { label }) });
    }
    if (v.differs.includes('content') && !variant.mjml?.trim()) {
      ctx.addIssue({ code: 'custom', path: ['variants', i, 'mjml'], ...issueText('campaigns.abVariantContent', `Variant ${label}: the content is empty.`, { label }) });
    }
  });
  // Identical variants test nothing.
  const keys = v.variants.map((x) => JSON.stringify(v.differs.map((d) => (d === 'content' ? x.mjml ?? '' : (x[d] ?? '').trim()))));
  keys.forEach((k, i) => {
    const j = keys.indexOf(k);
    if (j < i) ctx.addIssue({ code: 'custom', path: ['variants', i], ...issueText('campaigns.abVariantsSame', `Variant ${AB_LABELS[i]} is the same as variant ${AB_LABELS[j]}: make them differ in what you test.`, { label: AB_LABELS[i], other: AB_LABELS[j] }) });
  });
});
export type AbTestInput = z.input<typeof abTestInput>;

/**
 * How many recipients go into the test and how many each variant gets: the share rounded,
 * at least one per variant (while the audience allows), never more than the audience.
 * Variant i gets the recipients at positions k (k < test) with k mod variants = i in the
 * stable random order, so the sizes differ by at most one.
 */
export function abSplit(recipients: number, percent: number, variants: number): { test: number; perVariant: number[]; rest: number } {
  const n = Math.max(0, Math.floor(recipients));
  const test = Math.min(n, Math.max(variants, Math.round((n * percent) / 100)));
  const perVariant = Array.from({ length: variants }, (_, i) => Math.floor(test / variants) + (i < test % variants ? 1 : 0));
  return { test, perVariant, rest: n - test };
}

export type VariantFigures = { variantId: string; label: string; sent: number; opens: number; clicks: number };

/** Human (bot-filtered) opens or clicks per delivered mail. */
export const abRate = (v: VariantFigures, metric: AbMetric) => (v.sent > 0 ? (metric === 'OPEN' ? v.opens : v.clicks) / v.sent : 0);

/**
 * The winner: the highest rate of the metric; on a tie (including no data at all) the
 * earlier label. Rates are compared exactly as fractions (a*d vs c*b), not as floats.
 */
export function pickAbWinner(variants: readonly VariantFigures[], metric: AbMetric): VariantFigures {
  if (variants.length === 0) throw new Error('pickAbWinner: no variants');
  const sorted = [...variants].sort((a, b) => a.label.localeCompare(b.label));
  // a rate as a fraction; nothing delivered is 0/1
  const num = (v: VariantFigures) => (v.sent > 0 ? (metric === 'OPEN' ? v.opens : v.clicks) : 0);
  const den = (v: VariantFigures) => Math.max(v.sent, 1);
  let best = sorted[0]!;
  for (const v of sorted.slice(1)) {
    // strictly better only: a tie keeps the earlier label
    if (num(v) * den(best) > num(best) * den(v)) best = v;
  }
  return best;
}
