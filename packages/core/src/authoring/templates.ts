// Templates with saved versions: every save is a new TemplateVersion; restoring an old one
// saves it again as the newest, so nothing is ever lost.
import { tenantDb } from '@rundbrief/db';
import { z } from 'zod';
import type { TenantCtx } from '../context.ts';
import { DomainError, notFound } from '../errors.ts';
import { STARTER_KEYS, starterTemplates, type StarterKey } from './starters.ts';
import { DEFAULT_LOCALE, isLocale } from '../i18n/locales.ts';
import { zodText } from '../texts.ts';

const name = z.string().trim().min(1, zodText('campaigns.nameRequired', 'Enter a name.')).max(200);
const mjml = z.string().max(1_000_000, zodText('templates.tooLarge', 'The template is larger than 1 MB.'));
const uuid = (what: string, v: string) => {
  const r = z.uuid().safeParse(v);
  if (!r.success) throw notFound(what);
  return r.data;
};

/** What the editor sends on save; `baseVersion` (the version it loaded) refuses lost updates. */
export const templateSaveInput = z.object({
  mjml,
  name: name.optional(),
  baseVersion: z.number().int().min(1).optional(),
});
export type TemplateSave = z.input<typeof templateSaveInput>;

/** `language`: which language's starter (the user's UI language); anything unknown is English. */
export async function createTemplate(ctx: TenantCtx, input: { name?: string; starter?: string; mjml?: string; language?: string }) {
  const starters = starterTemplates(isLocale(input.language) ? input.language : DEFAULT_LOCALE);
  const starter = input.starter && STARTER_KEYS.includes(input.starter as StarterKey) ? starters[input.starter as StarterKey] : null;
  if (input.starter && !starter) throw new DomainError('VALIDATION', `Unknown starter template "${input.starter}".`).withText('templates.unknownStarter', { starter: input.starter });
  const body = mjml.parse(input.mjml ?? starter?.mjml ?? starters.plain.mjml);
  const db = tenantDb(ctx.tenantId);
  const t = await db.template.create({ data: { tenantId: ctx.tenantId, name: name.parse(input.name ?? starter?.name ?? 'Untitled'), mjml: body, version: 1 } });
  await db.templateVersion.create({ data: { templateId: t.id, version: 1, mjml: body } });
  return t;
}

export async function listTemplates(ctx: TenantCtx) {
  return tenantDb(ctx.tenantId).template.findMany({ select: { id: true, name: true, version: true, updatedAt: true }, orderBy: { updatedAt: 'desc' } });
}

export async function getTemplate(ctx: TenantCtx, templateId: string) {
  const t = await tenantDb(ctx.tenantId).template.findFirst({
    where: { id: uuid('Template', templateId) },
    include: { versions: { select: { version: true, createdAt: true }, orderBy: { version: 'desc' }, take: 50 } },
  });
  if (!t) throw notFound('Template');
  return t;
}

/** Saves a new version of one of the tenant's templates. */
export async function saveTemplate(ctx: TenantCtx, templateId: string, save: TemplateSave) {
  const input = templateSaveInput.parse(save);
  const db = tenantDb(ctx.tenantId);
  const id = uuid('Template', templateId);
  return db.$transaction(async (tx) => {
    const t = await tx.template.findFirst({ where: { id, tenantId: ctx.tenantId } });
    if (!t) throw notFound('Template');
    if (input.baseVersion !== undefined && input.baseVersion !== t.version) {
      throw new DomainError('CONFLICT', `Someone saved version ${t.version} in the meantime; reload to see it.`).withText('templates.savedMeanwhile', { version: t.version });
    }
    const version = t.version + 1;
    // conditional on the version we read: two concurrent saves cannot both win
    const { count } = await tx.template.updateMany({
      where: { id, tenantId: ctx.tenantId, version: t.version },
      data: { mjml: input.mjml, version, ...(input.name !== undefined ? { name: input.name } : {}) },
    });
    if (count === 0) throw new DomainError('CONFLICT', 'The template changed while saving; reload and try again.').withText('templates.changedWhileSaving');
    await tx.templateVersion.create({ data: { templateId: id, version, mjml: input.mjml } });
    return { id, version };
  });
}

export async function getTemplateVersion(ctx: TenantCtx, templateId: string, version: number) {
  const v = await tenantDb(ctx.tenantId).templateVersion.findFirst({
    where: { templateId: uuid('Template', templateId), version },
  });
  if (!v) throw notFound('Template version');
  return v;
}

export async function restoreTemplateVersion(ctx: TenantCtx, templateId: string, version: number) {
  const v = await getTemplateVersion(ctx, templateId, version);
  return saveTemplate(ctx, templateId, { mjml: v.mjml });
}

export async function deleteTemplate(ctx: TenantCtx, templateId: string) {
  const { count } = await tenantDb(ctx.tenantId).template.deleteMany({ where: { id: uuid('Template', templateId) } });
  if (count === 0) throw notFound('Template');
}
