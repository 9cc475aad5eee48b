// Test sends: the real content rendered with sample values, to at most 5 addresses,
// marked as a test (subject prefix and X-Rundbrief-Test header) and never counted.
import { compileCampaign, renderForRecipient, sampleMergeVars, TemplateCompileError } from '@rundbrief/mailer/render/index';
import { z } from 'zod';
import { checkAddress } from '../deliverability/address.ts';
import { coreEnv } from '../env.ts';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { enqueueSystemMail } from '../jobs/queue.ts';
import { getCampaign } from './campaigns.ts';
import { loadCampaignSource } from './source.ts';

export const MAX_TEST_RECIPIENTS = 5;

export const testSendInput = z.object({
  recipients: z.array(z.string()).min(1, 'Enter at least one address.').max(MAX_TEST_RECIPIENTS, `Test sends go to at most ${MAX_TEST_RECIPIENTS} addresses.`),
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
  const source = await loadCampaignSource(ctx, campaignId);
  let compiled;
  try {
    compiled = await compileCampaign(source);
  } catch (err) {
    if (err instanceof TemplateCompileError) throw new DomainError('VALIDATION', `Fix the content first: ${err.message}`, { issues: err.issues });
    throw err;
  }
  for (const address of to) {
    const msg = renderForRecipient(compiled, sampleMergeVars({ email: address, appUrl: coreEnv().APP_URL }));
    await enqueueSystemMail(
      {
        kind: 'TEST_SEND',
        tenantId: ctx.tenantId,
        to: address,
        subject: `[TEST] ${msg.subject || '(no subject)'}`,
        html: msg.html,
        text: msg.text,
        ...(campaign.identityId ? { identityId: campaign.identityId } : {}),
        headers: { 'X-Rundbrief-Test': '1' },
      },
      { prefix: opts.queuePrefix },
    );
  }
  return { sent: to.length };
}
