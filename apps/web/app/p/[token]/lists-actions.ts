'use server';
// Server actions of the "lists and pause" section. The signed preference token is the
// subscriber's only credential; each action re-verifies it in core.
import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { leaveList, pauseSubscriber, rejoinList, resumeSubscriber } from '@rundbrief/core';
import { runAction, type ActionResult, expectArgs, actionError } from '@/lib/actions';
import { clientIp } from '@/lib/client-ip';
import { translationsIn } from '@/i18n/in-language';
import { preferencesLocale } from '@/i18n/subscriber';

// A public endpoint: a request that sends something else than the form gets empty fields
// (and so "this link is not valid"), not a 500.
const field = (f: unknown, name: string) => (f instanceof FormData ? String(f.get(name) ?? '') : '');

async function done<T>(token: string, fn: () => Promise<T>): Promise<ActionResult<T>> {
  const result = await runAction(fn);
  revalidatePath(`/p/${token}`);
  return result;
}

export async function listPreferenceAction(_prev: ActionResult<unknown>, form: FormData): Promise<ActionResult<unknown>> {
  try { expectArgs({ form }); } catch (err) { return actionError(err); }
  const token = field(form, 'token');
  const listId = field(form, 'listId');
  const h = await headers();
  return done(token, async () => {
    const t = await translationsIn(await preferencesLocale(token), 'public.data');
    if (field(form, 'op') === 'leave') return { message: t('left'), ...(await leaveList({ token, listId })) };
    const r = await rejoinList({ token, listId, ip: await clientIp(h), ua: h.get('user-agent') });
    return { message: r.mailed ? t('rejoinMailed') : t('onList'), ...r };
  });
}

export async function pauseAction(_prev: ActionResult<unknown>, form: FormData): Promise<ActionResult<unknown>> {
  try { expectArgs({ form }); } catch (err) { return actionError(err); }
  const token = field(form, 'token');
  return done(token, async () => {
    const t = await translationsIn(await preferencesLocale(token), 'public.data');
    if (field(form, 'op') === 'resume') {
      await resumeSubscriber({ token });
      return { message: t('resumed') };
    }
    const { pausedUntil } = await pauseSubscriber({ token, days: Number(field(form, 'days')) });
    return { message: t('paused', { until: pausedUntil }) };
  });
}
