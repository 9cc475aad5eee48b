'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getLocale } from 'next-intl/server';
import { splitStarter } from '@/lib/starters';
import { createTemplate, deleteTemplate, previewContent, restoreTemplateVersion, saveTemplate, type Preview, type TemplateSave } from '@rundbrief/core/authoring/index';
import { requireCtx } from '@/lib/session';
import { runAction, type ActionResult, expectArgs } from '@/lib/actions';

const previewInput = z.object({
  mjml: z.string().max(1_000_000),
  subject: z.string().max(998).optional(),
  preheader: z.string().max(255).nullish(),
  textOverride: z.string().max(200_000).nullish(),
});

/** Compiles and renders with sample values for the live preview (no save). */
export async function previewAction(input: z.input<typeof previewInput>): Promise<ActionResult<Preview>> {
  return runAction(async () => {
    const ctx = await requireCtx('MARKETER');
    return previewContent(ctx, previewInput.parse(input));
  });
}

export async function createTemplateAction(_: unknown, form: FormData): Promise<ActionResult<never>> {
  const r = await runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('MARKETER');
    // "plain" is the starter in the user's UI language; "de:plain" names the language.
    const [language, starter] = splitStarter(String(form.get('starter') ?? 'plain'), await getLocale());
    return createTemplate(ctx, { name: String(form.get('name') ?? '') || undefined, starter, language });
  });
  if (!r.ok) return r;
  redirect(`/app/templates/${r.data.id}`);
}

export async function saveTemplateAction(input: { templateId: string } & TemplateSave): Promise<ActionResult<{ version: number }>> {
  return runAction(async () => {
    expectArgs({}, {}, { input });
    const ctx = await requireCtx('MARKETER');
    const { templateId, ...save } = input;
    const r = await saveTemplate(ctx, templateId, save);
    revalidatePath(`/app/templates/${templateId}`);
    return { version: r.version };
  });
}

export async function restoreVersionAction(_: unknown, form: FormData): Promise<ActionResult<{ version: number }>> {
  return runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('MARKETER');
    const templateId = String(form.get('templateId') ?? '');
    const r = await restoreTemplateVersion(ctx, templateId, z.coerce.number().int().parse(form.get('version')));
    revalidatePath(`/app/templates/${templateId}`);
    return { version: r.version };
  });
}

export async function deleteTemplateAction(_: unknown, form: FormData): Promise<ActionResult<never>> {
  const r = await runAction(async () => {
    expectArgs({ form });
    const ctx = await requireCtx('MARKETER');
    await deleteTemplate(ctx, String(form.get('templateId') ?? ''));
  });
  if (!r.ok) return r;
  revalidatePath('/app/templates');
  redirect('/app/templates');
}
