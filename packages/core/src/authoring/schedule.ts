// Scheduling: the marketer picks a wall-clock time in a time zone; we store the UTC instant
// plus the zone (for display). The worker (sending engineer) picks SCHEDULED campaigns
// whose scheduledAt has passed, with a conditional SCHEDULED -> SENDING update.
import { z } from 'zod';
import type { TenantCtx } from '../context.ts';
import { DomainError, notFound } from '../errors.ts';
import { campaignId } from './campaigns.ts';
import { assertSendable } from './sendable.ts';
import { zonedTimeToUtc } from './timezone.ts';
import { campaignStatusOf, moveCampaign } from '../campaigns/status.ts';
import { zodText } from '../texts.ts';

export const scheduleInput = z.object({
  sendAt: z.string().min(1, zodText('schedule.chooseDateTime', 'Choose a date and time.')),
  timezone: z.string().min(1, zodText('schedule.chooseTimezone', 'Choose a time zone.')),
});

const MAX_AHEAD_MS = 366 * 86_400_000;

/** `when` is client data (parsed here); `now` is for tests. */
export async function scheduleCampaign(ctx: TenantCtx, targetId: string, when: z.input<typeof scheduleInput>, now = new Date()) {
  const { sendAt, timezone } = scheduleInput.parse(when);
  const id = campaignId(targetId);
  const at = zonedTimeToUtc(sendAt, timezone);
  if (at.getTime() < now.getTime() + 60_000) throw new DomainError('VALIDATION', 'Choose a time at least a minute in the future.').withText('schedule.future');
  if (at.getTime() > now.getTime() + MAX_AHEAD_MS) throw new DomainError('VALIDATION', 'Schedule at most a year ahead.').withText('schedule.yearAhead');
  await assertSendable(ctx.tenantId, id);
  if (!(await moveCampaign(ctx.tenantId, id, 'SCHEDULED', { from: ['DRAFT'], scheduledAt: at, timezone }))) {
    const status = await campaignStatusOf(ctx.tenantId, id);
    if (!status) throw notFound('Campaign');
    throw new DomainError('CONFLICT', `Only drafts can be scheduled (this one is ${status.toLowerCase()}).`).withText('schedule.onlyDrafts', { status: status.toLowerCase() });
  }
  return { scheduledAt: at, timezone };
}

/** Back to a draft; refused once the worker has started it (then it is paused/cancelled there). */
export async function cancelScheduledCampaign(ctx: TenantCtx, targetId: string) {
  const id = campaignId(targetId);
  if (!(await moveCampaign(ctx.tenantId, id, 'DRAFT'))) {
    const status = await campaignStatusOf(ctx.tenantId, id);
    if (!status) throw notFound('Campaign');
    throw new DomainError('CONFLICT', status === 'SENDING' ? 'The send has already started.' : `The campaign is not scheduled (it is ${status.toLowerCase()}).`)
      .withText(status === 'SENDING' ? 'schedule.alreadyStarted' : 'schedule.notScheduled', { status: status.toLowerCase() });
  }
}
