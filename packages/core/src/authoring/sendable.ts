// The gate in front of every send: compile + checklist. scheduleCampaign and the sending
// engineer's startCampaignNow both call assertSendable before anything is snapshotted.
import { getDb } from '@rundbrief/db';
import { compileCampaign, TemplateCompileError, type CampaignSource, type CompiledCampaign, type TemplateIssue } from '@rundbrief/mailer/render/index';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { blockingItems, runChecklist, type ChecklistItem } from './checklist.ts';
import { getCampaign, type CampaignDetail } from './campaigns.ts';
import { variantSource, type AbSettings } from '../campaigns/ab-test.ts';
import { loadCampaignSource } from './source.ts';
import { footerImprint, IMPRINT_SELECT } from '../accounts/company.ts';
import { getSenderDomain } from '../senders/domains.ts';
import { domainState, type DomainState } from '../senders/state.ts';
import { countAudience, segmentSchema } from '../campaigns/audience.ts';
import { remainingDailySends } from '../sending/daily-limit.ts';

/** A/B test: each variant compiled and checked once; frozen at start from here. */
export type VariantCheck = { id: string; label: string; compiled: CompiledCampaign | null };
export type CampaignCheck = {
  items: ChecklistItem[]; issues: TemplateIssue[]; compiled: CompiledCampaign | null; sendable: boolean; variants?: VariantCheck[];
  /** The sender domain the sender_domain / sender_dns items read (the web says it in the reader's language). */
  senderDomain?: { state: DomainState; verifiedAt: Date | null } | null;
};

export async function checkCampaign(ctx: TenantCtx, campaignId: string): Promise<CampaignCheck> {
  const campaign = await getCampaign(ctx, campaignId);
  const [source, tenant] = await Promise.all([
    loadCampaignSource(ctx, campaignId),
    getDb().tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: IMPRINT_SELECT }),
  ]);
  const domainView = campaign.identity ? await getSenderDomain(ctx, { domainId: campaign.identity.domainId }) : null;
  const identity = campaign.identity && domainView
    ? { address: `${campaign.identity.localPart}@${campaign.identity.domain.domain}`, domain: domainState(domainView) }
    : null;
  const senderDomain = identity && domainView ? { state: identity.domain, verifiedAt: domainView.verifiedAt } : null;
  const checkOne = async (src: typeof source, mjml: string) => {
    try {
      const compiled = await compileCampaign(src);
      const items = runChecklist({ subject: src.subject, preheader: src.preheader, listIds: campaign.listIds, identity, mjml }, { imprint: footerImprint(tenant) }, compiled);
      return { compiled, items, issues: [] as TemplateIssue[] };
    } catch (err) {
      if (!(err instanceof TemplateCompileError)) throw err;
      // The compiler's issues themselves stay as MJML writes them (English).
      const issues = err.issues.map((i) => (i.line ? `line ${i.line}: ${i.message}` : i.message)).join('; ');
      const items: ChecklistItem[] = [{ id: 'template', ok: false, severity: 'block', message: `The content does not compile: ${issues}`, text: { code: 'checklist.notCompiling', params: { issues } } }];
      return { compiled: null, items, issues: err.issues };
    }
  };
  const ab = campaign.abTest;
  if (ab) return { ...(await checkVariants(ctx, campaign, ab, source, checkOne)), senderDomain };
  const { compiled, items, issues } = await checkOne(source, campaign.mjml);
  const daily = await dailyBudgetItem(ctx, campaign);
  if (daily) items.push(daily);
  return { items, issues, compiled, sendable: !!compiled && blockingItems(items).length === 0, senderDomain };
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
      text: { code: ok ? 'checklist.dailyLimitFits' : 'checklist.dailyLimitExceeded', params: { recipients, remaining: budget.remaining, limit: budget.limit } },
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
export async function assertSendable(tenantId: string, campaignId: string): Promise<{ compiled: CompiledCampaign; items: ChecklistItem[]; variants?: { id: string; label: string; compiled: CompiledCampaign }[] }> {
  const check = await checkCampaign({ tenantId }, campaignId);
  const blocking = blockingItems(check.items);
  if (!check.compiled || blocking.length) {
    throw new DomainError('PRECONDITION', `This campaign cannot be sent yet: ${blocking.map((i) => i.message).join(' ')}`, { items: check.items });
  }
  const variants = check.variants?.map((v) => ({ id: v.id, label: v.label, compiled: v.compiled! }));
  return { compiled: check.compiled, items: check.items, ...(variants ? { variants } : {}) };
}

type CheckOne = (src: CampaignSource, mjml: string) => Promise<{ compiled: CompiledCampaign | null; items: ChecklistItem[]; issues: TemplateIssue[] }>;

/**
 * An A/B-tested campaign passes when every variant passes the same checklist a campaign
 * does. Items all variants pass are listed once; a variant's failure is its own item
 * ("Variant B: Add an unsubscribe link ..."). `compiled` is variant A's.
 */
async function checkVariants(ctx: TenantCtx, campaign: CampaignDetail, ab: AbSettings, source: CampaignSource, checkOne: CheckOne): Promise<CampaignCheck> {
  const results = [];
  for (const v of ab.variants) {
    const src = variantSource(source, ab.differs, v);
    results.push({ v, ...(await checkOne(src, src.mjml)) });
  }
  const items: ChecklistItem[] = [];
  const ids = [...new Set(results.flatMap((r) => r.items.map((i) => i.id)))];
  for (const id of ids) {
    const per = results.map((r) => ({ label: r.v.label, item: r.items.find((i) => i.id === id) })).filter((x) => x.item);
    const failing = per.filter((x) => !x.item!.ok);
    if (failing.length === 0) items.push(per[0]!.item!);
    else for (const f of failing) items.push({ ...f.item!, id: `${id}-${f.label}`, message: `Variant ${f.label}: ${f.item!.message}`, variant: f.label });
  }
  items.push({
    id: 'ab_test', ok: true, severity: 'warn',
    message: `A/B test of ${ab.variants.length} variants (${ab.differs.join(', ')}): ${ab.testPercent} % of the audience first, the winner by ${ab.metric === 'OPEN' ? 'open' : 'click'} rate after ${ab.waitMinutes} minutes.`,
    // differs: comma-separated codes (subject, preheader, content) the web names one by one
    text: { code: 'checklist.abTest', params: { count: ab.variants.length, differs: ab.differs.join(','), testPercent: ab.testPercent, metric: ab.metric, waitMinutes: ab.waitMinutes } },
  });
  const daily = await dailyBudgetItem(ctx, campaign);
  if (daily) items.push(daily);
  const variants = results.map((r) => ({ id: r.v.id, label: r.v.label, compiled: r.compiled }));
  const allCompiled = variants.every((v) => v.compiled);
  return {
    items, issues: results.flatMap((r) => r.issues), compiled: results[0]!.compiled, variants,
    sendable: allCompiled && blockingItems(items).length === 0,
  };
}
