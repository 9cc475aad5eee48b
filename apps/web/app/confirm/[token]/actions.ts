'use server';
// Confirmation happens on a POST (the button), never on the GET: mail security scanners
// open every link in a mail and would otherwise confirm on the subscriber's behalf.
import { headers } from 'next/headers';
import { confirmSubscription, resendConfirmationByToken } from '@rundbrief/core';
import { runAction, type ActionResult, expectArgs, actionError } from '@/lib/actions';
import { clientIp } from '@/lib/client-ip';

export async function confirmAction(token: string, _: unknown): Promise<ActionResult<{ listName: string; email: string }>> {
  return runAction(async () => {
    expectArgs({  }, { token });
    const h = await headers();
    const r = await confirmSubscription({ token, ip: await clientIp(h), userAgent: h.get('user-agent') });
    return { listName: r.listName, email: r.email };
  });
}

export async function resendAction(token: string, _: unknown): Promise<ActionResult<{ email: string }>> {
  try { expectArgs({}, { token }); } catch (err) { return actionError(err); }
  return runAction(async () => ({ email: (await resendConfirmationByToken({ token })).email }));
}
