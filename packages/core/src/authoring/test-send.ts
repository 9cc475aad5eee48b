// Test sends: the real content rendered with sample values, to at most 5 addresses,
// marked as a test (subject prefix and X-Rundbrief-Test header) and never counted.
// The content is the tenant's, so it goes out from the tenant's verified sender domain;
// until one is verified, from the platform's address under a platform banner, and only to
// the account's own members (their login e-mails). Counted against the tenant's hourly
// test-mail window (assertTenantMaySend), refused while the tenant is suspended.
import { compileCampaign, renderForRecipient, sampleMergeVars, TemplateCompileError } from '@rundbrief/mailer/render/index';
import { z } from 'zod';
import { getDb } from '@rundbrief/db';
import { checkAddress } from '../deliverability/address.ts';
import { assertTenantMaySend, sendLimits } from '../deliverability/may-send.ts';
import { platformTestFrame } from '../deliverability/platform-mail.ts';
import { memberAddresses, platformFrom, verifiedIdentity } from '../deliverability/tenant-sender.ts';
import { coreEnv } from '../env.ts';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { enqueueSystemMail } from '../jobs/queue.ts';
import { getCampaign } from './campaigns.ts';
import { loadCampaignSource } from './source.ts';
import { variantSource } from '../campaigns/ab-test.ts';
import { zodText } from '../texts.ts';

export const MAX_TEST_RECIPIENTS = 5;

export const testSendInput = z.object({
  recipients: z.array(z.string()).min(1, zodText('campaigns.testAddress', 'Enter at least one address.')).max(MAX_TEST_RECIPIENTS, `Test sends go to at most ${MAX_TEST_RECIPIENTS} addresses.`),
});

/** "a@x.de, b@y.de" or one per line -> trimmed, non-empty entries. */
export const splitAddresses = (raw: string) => raw.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);

export async function sendTestCampaign(ctx: TenantCtx, campaignId: string, input: z.input<typeof testSendInput>, opts: { queuePrefix?: string } = {}) {
  const { recipients } = testSendInput.parse(input);
  const to: string[] = [];
  for (const r of recipients) {
    const c = checkAddress(r);
    if (!c.ok) throw new DomainError('VALIDATION', `${r}: ${c.message}`);
    if (!to.includes(c.normalized)) to.push(c.normalized);
  }
  const campaign = await getCampaign(ctx, campaignId);
  const policy = await testSendPolicy(ctx, campaign.identityId);
  const { members } = policy;
  if (members) {
    const outsiders = to.filter((a) => !members.includes(a));
    if (outsiders.length) {
      throw new DomainError('POLICY', `${outsiders.join(', ')}: not a member of this account. Until one of your sender domains is verified, test mails come from ${policy.from} and go only to the account's members (${members.join(', ')}).`);
    }
  }
  const source = await loadCampaignSource(ctx, campaignId);
  // An A/B test sends each variant, marked with its label.
  const ab = campaign.abTest;
  const sources = ab ? ab.variants.map((v) => ({ label: v.label as string | null, source: variantSource(source, ab.differs, v) })) : [{ label: null, source }];
  const compiledAll = [];
  for (const v of sources) {
    try {
      compiledAll.push({ label: v.label, compiled: await compileCampaign(v.source) });
    } catch (err) {
      if (err instanceof TemplateCompileError) throw new DomainError('VALIDATION', `Fix the content${v.label ? ` of variant ${v.label}` : ''} first: ${err.message}`, { issues: err.issues });
      throw err;
    }
  }
  await assertTenantMaySend(ctx, 'TEST_SEND', to.length * compiledAll.length);
  const tenantName = policy.identityId ? '' : (await getDb().tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { name: true } })).name;
  for (const { label, compiled } of compiledAll) {
    for (const address of to) {
      const msg = renderForRecipient(compiled, sampleMergeVars({ email: address, appUrl: coreEnv().APP_URL }));
      const subject = `${label ? `[Variant ${label}] ` : ''}${msg.subject || '(no subject)'}`;
      const mail = policy.identityId
        ? { subject: `[TEST] ${subject}`, html: msg.html, text: msg.text, identityId: policy.identityId }
        : platformTestFrame({ tenantName, subject: label ? subject : msg.subject, html: msg.html, text: msg.text });
      await enqueueSystemMail({ kind: 'TEST_SEND', tenantId: ctx.tenantId, to: address, ...mail, headers: { 'X-Rundbrief-Test': '1' } }, { prefix: opts.queuePrefix });
    }
  }
  return { sent: to.length };
}

/**
 * Where a test mail comes from and to whom it may go, for the campaign page and the check
 * above: the campaign's identity (or the tenant's oldest verified one) and any recipient;
 * without one, the platform address and the members' login e-mails only.
 */
export async function testSendPolicy(ctx: TenantCtx, identityId?: string | null) {
  const identity = await verifiedIdentity(ctx.tenantId, identityId);
  const perHour = sendLimits().TENANT_TEST_SENDS_PER_HOUR;
  return identity
    ? { identityId: identity.id, from: identity.from, members: null, perHour }
    : { identityId: null, from: platformFrom(), members: await memberAddresses(ctx.tenantId), perHour };
}
