'use server';
// Campaign control: send now, pause, resume, cancel. Thin: parse, call the core use case,
// map the result (ActionButton-compatible: (prev, form) -> ActionResult).
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getTranslations } from 'next-intl/server';
import { assertSendable } from '@rundbrief/core/authoring/sendable';
import { cancelCampaign, pauseCampaign, resumeCampaign } from '@rundbrief/core/sending/control';
import { requestCampaignSend } from '@rundbrief/core/sending/start';
import { chooseAbWinner } from '@rundbrief/core/campaigns/ab-send';
import type { TenantCtx } from '@rundbrief/core';
import { requireCtx } from '@/lib/session';
import { runAction, type ActionResult, expectArgs, actionError } from '@/lib/actions';


function control(run: (ctx: TenantCtx, campaignId: string) => Promise<unknown>) {
  return async (_: unknown, form: FormData): Promise<ActionResult<undefined>> =>
    runAction(async () => {
      const ctx = await requireCtx('MARKETER');
      const t = await getTranslations('campaigns.errors');
      const { campaignId } = z.object({ campaignId: z.uuid(t('unknownCampaign')) }).parse({ campaignId: form.get('campaignId') });
      await run(ctx, campaignId);
      revalidatePath(`/app/campaigns/${campaignId}`);
      return undefined;
    });
}

export async function sendNowAction(prev: unknown, form: FormData) {
  try { expectArgs({ form }); } catch (err) { return actionError(err); }
  return control((ctx, campaignId) => requestCampaignSend(ctx, { campaignId }, { assertSendable }))(prev, form);
}
export async function pauseAction(prev: unknown, form: FormData) {
  try { expectArgs({ form }); } catch (err) { return actionError(err); }
  return control((ctx, campaignId) => pauseCampaign(ctx, campaignId))(prev, form);
}
export async function resumeAction(prev: unknown, form: FormData) {
  try { expectArgs({ form }); } catch (err) { return actionError(err); }
  return control(resumeCampaign)(prev, form);
}
export async function cancelAction(prev: unknown, form: FormData) {
  try { expectArgs({ form }); } catch (err) { return actionError(err); }
  return control(cancelCampaign)(prev, form);
}

/** A/B test: the marketer picks the winner before the wait ends; the rest gets it at once. */
export async function pickAbWinnerAction(_: unknown, form: FormData): Promise<ActionResult<{ label: string | null; released: number }>> {
  return runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('MARKETER');
    const t = await getTranslations('campaigns.errors');
    const winnerInput = z.object({ campaignId: z.uuid(t('unknownCampaign')), variantId: z.uuid(t('chooseVariant')) });
    const { campaignId, variantId } = winnerInput.parse({ campaignId: form.get('campaignId'), variantId: form.get('variantId') });
    const r = await chooseAbWinner(ctx, campaignId, { by: 'MANUAL', variantId });
    revalidatePath(`/app/campaigns/${campaignId}`);
    revalidatePath(`/app/campaigns/${campaignId}/report`);
    return { label: r.label, released: r.released };
  });
}
