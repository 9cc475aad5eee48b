// The strength estimate behind PasswordField, in the UI language. zxcvbn-ts reports its
// feedback as keys (its default "translations" are the key names, e.g. "topHundred"); each
// warning key has a message under common.password.warnings in every catalogue, so a German
// user reads a German hint and never a raw key or an English sentence.
import { zxcvbn, zxcvbnOptions } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

zxcvbnOptions.setOptions({ graphs: adjacencyGraphs, dictionary });

/** Every warning zxcvbn-ts can give (checked against the library by the unit test). */
export const STRENGTH_WARNINGS = [
  'straightRow', 'keyPattern', 'simpleRepeat', 'extendedRepeat', 'sequences', 'recentYears', 'dates', 'topTen',
  'topHundred', 'common', 'similarToCommon', 'wordByItself', 'namesByThemselves', 'commonNames', 'userInputs', 'pwned',
] as const;
export type StrengthWarning = (typeof STRENGTH_WARNINGS)[number];

const isWarning = (w: string): w is StrengthWarning => (STRENGTH_WARNINGS as readonly string[]).includes(w);

/** A translator for the common.password namespace (useTranslations / createTranslator). */
type PasswordT = (key: string, values?: Record<string, string | number>) => string;

export type Strength = { score: number; warning: StrengthWarning | null };

export function estimateStrength(value: string, userInputs: string[] = []): Strength {
  const r = zxcvbn(value.slice(0, 100), userInputs);
  const w = r.feedback.warning;
  return { score: r.score, warning: w && isWarning(w) ? w : null };
}

/** The hint under the meter: "Strength: Weak — <warning in the UI language>". */
export function strengthHint(t: PasswordT, strength: Strength | null): string {
  if (!strength) return t('strengthEmpty');
  return strength.warning
    ? t('strengthWarning', { score: strength.score, warning: t(`warnings.${strength.warning}`) })
    : t('strength', { score: strength.score });
}
