'use server';
import { mailFreshPreferencesLink, requestErasure } from '@rundbrief/core';
import { fail, runAction, type ActionResult, expectArgs } from '@/lib/actions';
import { translationsIn } from '@/i18n/in-language';
import { preferencesLocale } from '@/i18n/subscriber';

/** Erasure is only asked for here: the confirmation link goes to the subscriber's own address. */
export async function eraseAction(token: string, _: unknown, form: FormData): Promise<ActionResult<null>> {
  if (!(form instanceof FormData) || form.get('confirm') !== 'yes') {
    const t = await translationsIn(typeof token === 'string' ? await preferencesLocale(token) : undefined, 'public.data');
    return fail(t('eraseTick'));
  }
  return runAction(async () => {
    expectArgs({ form }, { token });
    await requestErasure(token);
    return null;
  });
}

/** From an expired link: a fresh one by mail. */
export async function freshLinkAction(token: string, _: unknown): Promise<ActionResult<null>> {
  return runAction(async () => {
    expectArgs({  }, { token });
    await mailFreshPreferencesLink(token);
    return null;
  });
}
