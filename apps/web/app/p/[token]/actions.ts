'use server';
import { eraseSubscriber, subscriberByPreferencesToken } from '@rundbrief/core';
import { fail, runAction, type ActionResult } from '@/lib/actions';

export async function eraseAction(token: string, _: unknown, form: FormData): Promise<ActionResult<null>> {
  if (!(form instanceof FormData) || form.get('confirm') !== 'yes') return fail('Tick the box to confirm that all your data should be erased.');
  return runAction(async () => {
    const { tenantId, subscriberId } = await subscriberByPreferencesToken(token);
    await eraseSubscriber({ tenantId, actor: 'subscriber' }, subscriberId);
    return null;
  });
}
