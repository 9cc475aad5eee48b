'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import {
  cancelScheduledCampaign, countAudience, createCampaign, deleteCampaign, scheduleCampaign, segmentSchema, sendTestCampaign,
  splitAddresses, updateCampaign, type CampaignUpdate,
} from '@rundbrief/core/authoring/index';
import { z } from 'zod';
import { getLocale } from 'next-intl/server';
import { splitStarter } from '@/lib/starters';
import { requireCtx } from '@/lib/session';
import { runAction, type ActionResult, expectArgs } from '@/lib/actions';

const path = (id: string) => `/app/campaigns/${id}`;

export async function createCampaignAction(_: unknown, form: FormData): Promise<ActionResult<never>> {
  const r = await runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('MARKETER');
    // "" is the newsletter starter in the user's UI language, "starter:de" the German one.
    const content = String(form.get('templateId') ?? '');
    const starter = content.startsWith('starter:');
    const [language] = splitStarter(starter ? `${content.slice('starter:'.length)}:newsletter` : 'newsletter', await getLocale());
    return createCampaign(ctx, { name: String(form.get('name') ?? ''), templateId: starter ? null : content || null, language });
  });
  if (!r.ok) return r;
  redirect(path(r.data.id));
}

export async function saveCampaignAction(campaignId: string, input: CampaignUpdate): Promise<ActionResult<undefined>> {
  return runAction(async () => {
    expectArgs({  }, { campaignId });
    const ctx = await requireCtx('MARKETER');
    await updateCampaign(ctx, campaignId, input);
    revalidatePath(path(campaignId));
    return undefined;
  });
}

const countInput = z.object({ listIds: z.array(z.uuid()).max(50), segment: segmentSchema.nullish(), reengagement: z.boolean().optional() });

export async function audienceCountAction(input: z.input<typeof countInput>): Promise<ActionResult<{ recipients: number; sunsetExcluded: number }>> {
  return runAction(async () => {
    const ctx = await requireCtx('VIEWER');
    const data = countInput.parse(input);
    return countAudience(ctx, { listIds: data.listIds, segment: data.segment ?? null, reengagement: data.reengagement });
  });
}

export async function scheduleAction(_: unknown, form: FormData): Promise<ActionResult<undefined>> {
  return runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('MARKETER');
    const campaignId = String(form.get('campaignId') ?? '');
    await scheduleCampaign(ctx, campaignId, { sendAt: String(form.get('sendAt') ?? ''), timezone: String(form.get('timezone') ?? '') });
    revalidatePath(path(campaignId));
    return undefined;
  });
}

export async function cancelScheduleAction(_: unknown, form: FormData): Promise<ActionResult<undefined>> {
  return runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('MARKETER');
    const campaignId = String(form.get('campaignId') ?? '');
    await cancelScheduledCampaign(ctx, campaignId);
    revalidatePath(path(campaignId));
    return undefined;
  });
}

export async function testSendAction(_: unknown, form: FormData): Promise<ActionResult<{ sent: number }>> {
  return runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('MARKETER');
    return sendTestCampaign(ctx, String(form.get('campaignId') ?? ''), { recipients: splitAddresses(String(form.get('recipients') ?? '')) });
  });
}

export async function deleteCampaignAction(_: unknown, form: FormData): Promise<ActionResult<never>> {
  const r = await runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('MARKETER');
    await deleteCampaign(ctx, String(form.get('campaignId') ?? ''));
  });
  if (!r.ok) return r;
  revalidatePath('/app/campaigns');
  redirect('/app/campaigns');
}
