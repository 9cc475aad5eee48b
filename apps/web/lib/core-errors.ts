// Refusals of core rules in the user's language, at the web boundary for forms (issue 14).
// Core writes English (`message`, for the REST API and logs) and gives each refusal people see
// a text code with its values (CoreText, packages/core/src/texts.ts) under the catalogue's
// errors.core: DomainError.text (withText at the throw site), zod issues of core schemas
// (params.text, zodText / issueText), password rules (PolicyViolation.text) and field errors a
// DomainError carries (details.fieldTexts). This file renders the code; a refusal without a code
// stays as core wrote it. test/core-errors.test.ts checks that every code core uses is in the
// en and de catalogues and that the refusals of modules reaching forms carry one.
// The REST API does not come here: integrators get core's English messages.
import { getLocale, getTranslations } from 'next-intl/server';
import { DomainError, type CoreText } from '@rundbrief/core';

/** A refusal in the reader's language: its code rendered, else the English sentence. */
export type SayCore = (text: CoreText | undefined, english: string) => string;

export const inEnglish: SayCore = (_text, english) => english;

type Translator = { (key: string, values?: Record<string, string | number>): string; has(key: string): boolean };

/** The SayCore of a translator of the errors.core namespace (tests use createTranslator). */
export function sayWith(t: Translator): SayCore {
  return (text, english) => {
    if (!text || !t.has(text.code)) return english;
    try {
      return t(text.code, text.params);
    } catch {
      return english;
    }
  };
}

/** The request's SayCore; core's own English in English and outside a request. */
export async function coreSayer(): Promise<SayCore> {
  try {
    if ((await getLocale()) === 'en') return inEnglish;
    return sayWith((await getTranslations('errors.core')) as unknown as Translator);
  } catch {
    return inEnglish;
  }
}

/** One DomainError's message in the user's language (pages that show it, the sign-in error). */
export async function coreErrorMessage(err: DomainError): Promise<string> {
  return (await coreSayer())(err.text, err.message);
}
