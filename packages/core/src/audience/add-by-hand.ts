// A marketer adds one person to a list by hand (the list page's "Add subscriber" form).
// It is the same consent flow as the API: a double opt-in list mails a confirmation link and
// counts the person only after the click; a CONFIRMED-mode list confirms and sends its notice.
// The marketer vouches for nothing beyond that, so there is no "confirmed" switch here.
import { z } from 'zod';
import type { TenantCtx } from '../context.ts';
import { subscribe, type SubscribeResult } from './consent.ts';
import { zodText } from '../texts.ts';

export const addSubscriberByHandInput = z.object({
  email: z.string().trim().min(3, zodText('subscribers.enterEmail', 'Enter an e-mail address')).max(320),
  firstName: z.string().trim().max(100).optional(),
  lastName: z.string().trim().max(100).optional(),
});

export async function addSubscriberByHand(ctx: TenantCtx, listId: string, input: z.input<typeof addSubscriberByHandInput>): Promise<SubscribeResult & { email: string }> {
  const { email, firstName, lastName } = addSubscriberByHandInput.parse(input);
  // No request IP or user agent: the consent proof would name the marketer's browser as the
  // subscriber's. The source ADMIN says who asked; confirmation data comes from the click.
  const r = await subscribe(ctx, { listId, email, firstName: firstName || null, lastName: lastName || null, source: 'ADMIN' });
  return { ...r, email };
}
