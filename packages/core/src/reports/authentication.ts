// The report's "Authentication" panel: for the campaign's sender domain, whether DKIM and SPF
// align with the From domain and so whether DMARC is expected to pass at receivers. Sent
// campaigns answer from what the worker recorded when it started sending (Campaign.sendAuth);
// campaigns not started yet from the domain's current check results (what sending now would do).
import { z } from 'zod';
import { tenantDb } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { dmarcAlignment, sendAuthFor, sendAuthSchema, type Alignment } from '../senders/alignment.ts';

export type CampaignAuthentication = Alignment & { recorded: boolean };

export async function getCampaignAuthentication(ctx: TenantCtx, campaignId: string): Promise<CampaignAuthentication | null> {
  if (!z.uuid().safeParse(campaignId).success) throw new DomainError('NOT_FOUND', 'Campaign not found').withText('common.notFound', { what: 'Campaign' });
  const c = await tenantDb(ctx.tenantId).campaign.findFirst({
    where: { id: campaignId },
    select: { sendAuth: true, identity: { select: { domain: true } } },
  });
  if (!c) throw new DomainError('NOT_FOUND', 'Campaign not found').withText('common.notFound', { what: 'Campaign' });
  const recorded = sendAuthSchema.safeParse(c.sendAuth);
  if (recorded.success) return { ...dmarcAlignment(recorded.data), recorded: true };
  const d = c.identity?.domain;
  return d ? { ...dmarcAlignment(sendAuthFor(d)), recorded: false } : null;
}
