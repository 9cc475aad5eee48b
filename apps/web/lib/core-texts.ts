// Texts core shows to people, in the reader's language (issue 14): core gives a CoreText
// (a code under the coreTexts namespace plus its values) next to its English sentence; a page
// renders the code and falls back to the English sentence when core has no code for it
// (e.g. a pause reason stored before codes existed, or one an operator wrote).
// Usable in server and client components: pass the translator of 'coreTexts'.
import type { CoreText } from '@rundbrief/core/texts';

type Translator = { (key: string, values?: Record<string, string | number | Date>): string; has(key: string): boolean };

export function sayCore(t: Translator, text: CoreText | null | undefined, english: string | null | undefined): string {
  if (text && t.has(text.code)) return t(text.code, text.params);
  return english ?? '';
}

/** "hard" / "soft: greylisted" (the rule that decided stays its stable name). */
export function sayBounceCategory(t: Translator, parts: { category: string; code: string; rule: string | null } | null): string {
  if (!parts) return '';
  const category = t.has(parts.code) ? t(parts.code) : parts.category;
  return parts.rule ? t('bounceCategoryRule', { category, rule: parts.rule }) : category;
}
