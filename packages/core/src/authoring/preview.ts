// Live preview for the editors: compile what can be compiled, render it with sample
// values, and return the problems with line numbers next to it.
import { compileForPreview, renderForRecipient, sampleMergeVars, type TemplateIssue } from '@rundbrief/mailer/render/index';
import { coreEnv } from '../env.ts';
import type { TenantCtx } from '../context.ts';
import { tenantMergeContext } from './source.ts';

export type Preview = { html: string | null; text: string; subject: string; issues: TemplateIssue[] };

export async function previewContent(ctx: TenantCtx, input: { mjml: string; subject?: string; preheader?: string | null; textOverride?: string | null }): Promise<Preview> {
  const merge = await tenantMergeContext(ctx.tenantId);
  const { compiled, issues } = await compileForPreview({
    mjml: input.mjml.slice(0, 1_000_000),
    subject: input.subject ?? '',
    preheader: input.preheader,
    textOverride: input.textOverride,
    trackClicks: false,
    trackOpens: false,
    imprint: merge.imprint ?? '[Your imprint: set it under Settings]',
    customFields: merge.customFields,
  });
  if (!compiled) return { html: null, text: '', subject: input.subject ?? '', issues };
  const r = renderForRecipient(compiled, sampleMergeVars({ appUrl: coreEnv().APP_URL }));
  return { html: r.html, text: r.text, subject: r.subject, issues };
}
