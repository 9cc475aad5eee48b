// The gate in front of every send: compile + checklist. scheduleCampaign and the sending
// engineer's startCampaignNow both call assertSendable before anything is snapshotted.
import { getDb } from '@rundbrief/db';
import { compileCampaign, TemplateCompileError, type CompiledCampaign, type TemplateIssue } from '@rundbrief/mailer/render/index';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { blockingItems, runChecklist, type ChecklistItem } from './checklist.ts';
import { getCampaign } from './campaigns.ts';
import { loadCampaignSource } from './source.ts';
import { footerImprint, IMPRINT_SELECT } from '../accounts/company.ts';
import { getSenderDomain } from '../senders/domains.ts';
import { domainState } from '../senders/state.ts';
import { countAudience, segmentSchema } from '../campaigns/audience.ts';
import { remainingDailySends } from '../sending/daily-limit.ts';

export type CampaignCheck = { items: ChecklistItem[]; issues: TemplateIssue[]; compiled: CompiledCampaign | null; sendable: boolean };

export async function checkCampaign(ctx: TenantCtx, campaignId: string): Promise<CampaignCheck> {
  const campaign = await getCampaign(ctx, campaignId);
  const [source, tenant] = await Promise.all([
    loadCampaignSource(ctx, campaignId),
    getDb().tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: IMPRINT_SELECT }),
  ]);
  let compiled: CompiledCampaign | null = null;
  let issues: TemplateIssue[] = [];
  try {
    compiled = await compileCampaign(source);
  } catch (err) {
    if (!(err instanceof TemplateCompileError)) throw err;
    issues = err.issues;
  }
  const identity = campaign.identity
    ? { address: `${campaign.identity.localPart}@${campaign.identity.domain.domain}`, domain: domainState(await getSenderDomain(ctx, { domainId: campaign.identity.domainId })) }
    : null;
  const items: ChecklistItem[] = compiled
    ? runChecklist({ subject: campaign.subject, preheader: campaign.preheader, listIds: campaign.listIds, identity, mjml: campaign.mjml }, { imprint: footerImprint(tenant) }, compiled)
    : [{ id: 'template', ok: false, severity: 'block', message: `The content does not compile: ${issues.map((i) => (i.line ? `line ${i.line}: ${i.message}` : i.message)).join('; ')}` }];
  const daily = await dailyBudgetItem(ctx, campaign);
  if (daily) items.push(daily);
  return { items, issues, compiled, sendable: !!compiled && blockingItems(items).length === 0 };
}

/**
 * A warning (never a block) when the audience is larger than what is left of the tenant's
 * daily send limit today: the rest goes out on the following day(s). Only tenants with a
 * limit pay for the audience count; a Redis outage drops the warning, not the send.
 */
async function dailyBudgetItem(ctx: TenantCtx, c: { listIds: readonly string[]; segment: unknown; reengagement: boolean }): Promise<ChecklistItem | null> {
  try {
    const budget = await remainingDailySends(ctx);
    if (!budget) return null;
    const segment = segmentSchema.safeParse(c.segment ?? {});
    const { recipients } = await countAudience(ctx, { listIds: c.listIds, segment: segment.success ? segment.data : null, reengagement: c.reengagement });
    const ok = recipients <= budget.remaining;
    return {
      id: 'daily-limit', ok, severity: 'warn',
      message: ok
        ? `The audience (${recipients.toLocaleString('en')}) fits today's remaining daily send limit (${budget.remaining.toLocaleString('en')} of ${budget.limit.toLocaleString('en')}).`
        : `The audience (${recipients.toLocaleString('en')}) exceeds today's remaining daily send limit (${budget.remaining.toLocaleString('en')} of ${budget.limit.toLocaleString('en')}): the rest is sent after midnight UTC, day by day.`,
    };
  } catch (err) {
    console.error(`[checklist] daily budget unavailable: ${(err as Error).message}`);
    return null;
  }
}

/**
 * Throws DomainError PRECONDITION naming every blocking item (details.items has them all);
 * returns the compiled campaign to freeze for the send.
 */
export async function assertSendable(tenantId: string, campaignId: string): Promise<{ compiled: CompiledCampaign; items: ChecklistItem[] }> {
  const check = await checkCampaign({ tenantId }, campaignId);
  const blocking = blockingItems(check.items);
  if (!check.compiled || blocking.length) {
    throw new DomainError('PRECONDITION', `This campaign cannot be sent yet: ${blocking.map((i) => i.message).join(' ')}`, { items: check.items });
  }
  return { compiled: check.compiled, items: check.items };
}
