// Server-action results. Actions return data instead of throwing, so forms can show the
// message next to the field (zod) or at the top (DomainError). Redirects and Next's
// control-flow errors (notFound, forbidden, redirect) pass through untouched.
//
//   export async function createList(_: unknown, form: FormData) {
//     return runAction(async () => {
//       const ctx = await requireCtx('MARKETER');
//       const input = createListSchema.parse(Object.fromEntries(form));
//       return createListUseCase(ctx, input);   // the tenant never rides inside client data
//     });
//   }
import { z } from 'zod';
import { unstable_rethrow } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { DomainError, textOfIssue } from '@rundbrief/core';
import type { ActionResult } from './action-result.ts';
import { coreSayer, inEnglish, type SayCore } from './core-errors.ts';

export { idle, type ActionResult } from './action-result.ts';

export function ok<T>(data: T): ActionResult<T> {
  return { ok: true, data };
}

export function fail(error: string, fieldErrors: Record<string, string[]> = {}, code?: string): ActionResult<never> {
  return { ok: false, error, fieldErrors, ...(code ? { code } : {}) };
}

/** The error as a form result; `say` renders core's refusals by their text code (core-errors.ts). */
export function actionError(err: unknown, say: SayCore = inEnglish): ActionResult<never> {
  unstable_rethrow(err);
  if (err instanceof z.ZodError) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of err.issues) (fieldErrors[issue.path.join('.') || '_'] ??= []).push(say(textOfIssue(issue), issue.message));
    return fail(CORRECT_FIELDS, fieldErrors, 'VALIDATION');
  }
  if (err instanceof DomainError) return fail(say(err.text, err.message), {}, err.code);
  console.error('action: unhandled error', err instanceof Error ? (err.stack ?? err.message) : String(err));
  return fail(INTERNAL, {}, 'INTERNAL');
}

const CORRECT_FIELDS = 'Please correct the highlighted fields.';
const INTERNAL = 'Something went wrong on our side. Please try again.';

/**
 * The generic messages above in the user's language (errors.action in the catalogue; issue 14).
 * Messages of core rules stay as core wrote them. Outside a request (tests) nothing changes.
 */
async function inUserLanguage<T>(r: ActionResult<T>): Promise<ActionResult<T>> {
  if (r.ok) return r;
  const key = r.error === CORRECT_FIELDS ? 'validation' : r.error === INTERNAL ? 'internal' : r.error === NOT_THIS_PAGE ? 'notThisPage' : null;
  if (!key) return r;
  try {
    return { ...r, error: (await getTranslations('errors.action'))(key) };
  } catch {
    return r;
  }
}

export async function runAction<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return ok(await fn());
  } catch (err) {
    // Generic messages from errors.action, core's own (DomainError, core zod) by their text code from errors.core.
    return inUserLanguage(actionError(err, await coreSayer()));
  }
}

const NOT_THIS_PAGE = 'This request is not one this page sends. Reload the page and try again.';

/**
 * Server actions are public endpoints: anyone can POST any arguments to them, not only what
 * our forms send. The first line of each action checks the arguments' kinds (a FormData where
 * a form goes, text where an id goes), so a number or an array is a refusal, not a TypeError
 * deep inside answered as "something went wrong".
 */
export function expectArgs(forms: Record<string, unknown>, texts: Record<string, unknown> = {}, objects: Record<string, unknown> = {}): void {
  for (const [name, v] of Object.entries(objects)) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new DomainError('VALIDATION', NOT_THIS_PAGE, { argument: name });
  }
  for (const [name, v] of Object.entries(forms)) {
    if (!(v instanceof FormData)) throw new DomainError('VALIDATION', NOT_THIS_PAGE, { argument: name });
  }
  for (const [name, v] of Object.entries(texts)) {
    if (typeof v !== 'string' || v.length > 4096) throw new DomainError('VALIDATION', NOT_THIS_PAGE, { argument: name });
  }
}
