// Lists and their opt-in mode. SINGLE opt-in exists only for imports whose consent the
// marketer attests; forms and the API on a SINGLE list still use double opt-in.
import { DEFAULT_LOCALE, localeSchema, type Locale } from '../i18n/locales.ts';
import { userLocale } from '../i18n/user-locale.ts';
import { z } from 'zod';
import { tenantDb, Prisma } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { checkListMail, defaultListMail, type ListMailKind } from './list-mail.ts';
import { zodText } from '../texts.ts';

export const listInput = z.object({
  // The name goes into List-Id and subjects: one line, no control characters.
  name: z.string().trim().min(1, zodText('lists.nameRequired', 'Give the list a name.')).max(120).regex(/^[^\u0000-\u001f\u007f]*$/, zodText('lists.nameOneLine', 'A list name is one line, without line breaks or control characters.')),
  description: z.string().trim().max(500).optional().nullable(),
  optInMode: z.enum(['DOUBLE', 'CONFIRMED', 'SINGLE']).default('DOUBLE'),
  confirmationSubject: z.string().trim().max(200).optional().nullable(),
  /** MJML of the double opt-in mail; null: the built-in template. Must hold {{ confirm_url }}. */
  confirmationMjml: z.string().max(500_000).optional().nullable(),
  /** Welcome mail on confirmation (off by default). Must hold {{ unsubscribe_url }}. */
  welcomeEnabled: z.boolean().optional(),
  welcomeSubject: z.string().trim().max(200).optional().nullable(),
  welcomeMjml: z.string().max(500_000).optional().nullable(),
  /** What the list's hosted pages and built-in mails speak (issue 14). */
  language: localeSchema.optional(),
});
export type ListInput = z.input<typeof listInput>;

/** Form protections, stored per list in List.formSettings. */
/** The built-in thank-you text of a form (shown in the list's language); a tenant's own text is shown as written. */
export const DEFAULT_FORM_SUCCESS = 'Almost done: please check your inbox and click the link in the mail we just sent you.';

export const formSettingsSchema = z.object({
  minFillSeconds: z.number().min(0).max(60).default(3),
  ipLimit: z.number().int().min(1).default(5),
  ipWindowSeconds: z.number().int().min(1).default(600),
  listLimit: z.number().int().min(1).default(120),
  listWindowSeconds: z.number().int().min(1).default(60),
  successMessage: z.string().max(500).default(DEFAULT_FORM_SUCCESS),
});
export type FormSettings = z.infer<typeof formSettingsSchema>;

export function formSettingsOf(list: { formSettings: unknown }): FormSettings {
  const r = formSettingsSchema.safeParse(list.formSettings ?? {});
  return r.success ? r.data : formSettingsSchema.parse({});
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A malformed id cannot name a row: the same 404 as another tenant's id (never a 500). */
export function assertId(id: string, what: string): void {
  if (!UUID.test(id)) throw new DomainError('NOT_FOUND', `${what} not found`).withText('common.notFound', { what });
}

function conflictOnName(e: unknown): never {
  if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
    throw new DomainError('CONFLICT', 'A list with this name already exists.').withText('lists.nameTaken');
  }
  throw e;
}

type ListData = z.output<typeof listInput>;
type StoredMail = Pick<ListData, 'confirmationSubject' | 'confirmationMjml' | 'welcomeEnabled' | 'welcomeSubject' | 'welcomeMjml'> & { language?: Locale };

/**
 * Validates the list's mails that this write touches (against what is stored for the rest)
 * and stores the built-in template as null, so it keeps following improvements to it.
 */
async function withCheckedMails(ctx: TenantCtx, data: ListData, stored: StoredMail | null): Promise<ListData> {
  const out = { ...data };
  const language = data.language ?? stored?.language ?? DEFAULT_LOCALE;
  const mail = (kind: ListMailKind) => {
    const subjectKey = `${kind}Subject` as const;
    const mjmlKey = `${kind}Mjml` as const;
    const d = defaultListMail(kind, language);
    const subject = data[subjectKey] !== undefined ? data[subjectKey] : (stored?.[subjectKey] ?? null);
    const mjml = data[mjmlKey] !== undefined ? data[mjmlKey] : (stored?.[mjmlKey] ?? null);
    if (data[subjectKey] !== undefined) out[subjectKey] = !subject?.trim() || subject.trim() === d.subject ? null : subject.trim();
    if (data[mjmlKey] !== undefined) out[mjmlKey] = !mjml?.trim() || mjml.trim() === d.mjml.trim() ? null : mjml;
    return { subject, mjml, touched: data[subjectKey] !== undefined || data[mjmlKey] !== undefined };
  };
  const confirmation = mail('confirmation');
  const welcome = mail('welcome');
  const welcomeOn = data.welcomeEnabled ?? stored?.welcomeEnabled ?? false;
  const checks: Promise<void>[] = [];
  if (confirmation.touched) checks.push(checkListMail(ctx, { kind: 'confirmation', listName: data.name, subject: confirmation.subject, mjml: confirmation.mjml, language }));
  // Switching the welcome mail on checks the stored one even when this write leaves it alone.
  if (welcome.touched || (welcomeOn && data.welcomeEnabled)) checks.push(checkListMail(ctx, { kind: 'welcome', listName: data.name, subject: welcome.subject, mjml: welcome.mjml, language }));
  const results = await Promise.allSettled(checks);
  const issues = results.flatMap((r) => (r.status === 'rejected' && r.reason instanceof z.ZodError ? r.reason.issues : []));
  const other = results.find((r) => r.status === 'rejected' && !(r.reason instanceof z.ZodError));
  if (other) throw (other as PromiseRejectedResult).reason;
  if (issues.length) throw new z.ZodError(issues);
  return out;
}

/** `input` is client data, parsed here; the tenant comes only from `ctx`. */
export async function createList(ctx: TenantCtx, input: ListInput) {
  const parsed = listInput.parse(input);
  // Without a choice, a new list speaks its creator's language (else English).
  const language = parsed.language ?? (ctx.userId ? await userLocale(ctx.userId) : null) ?? DEFAULT_LOCALE;
  const data = await withCheckedMails(ctx, { ...parsed, language }, null);
  return tenantDb(ctx.tenantId).list.create({ data: { ...data, tenantId: ctx.tenantId } }).catch(conflictOnName);
}

export async function updateList(ctx: TenantCtx, listId: string, input: ListInput & { formSettings?: Partial<FormSettings> }) {
  assertId(listId, 'List');
  const db = tenantDb(ctx.tenantId);
  const stored = await db.list.findFirst({ where: { id: listId } });
  if (!stored) throw new DomainError('NOT_FOUND', 'List not found').withText('common.notFound', { what: 'List' });
  const data = await withCheckedMails(ctx, listInput.parse(input), stored);
  const formSettings = input.formSettings ? formSettingsSchema.parse(input.formSettings) : undefined;
  const r = await db.list.updateMany({ where: { id: listId }, data: { ...data, ...(formSettings ? { formSettings } : {}) } }).catch(conflictOnName);
  if (r.count === 0) throw new DomainError('NOT_FOUND', 'List not found').withText('common.notFound', { what: 'List' });
  return getList(ctx, listId);
}

export async function getList(ctx: TenantCtx, listId: string) {
  assertId(listId, 'List');
  const list = await tenantDb(ctx.tenantId).list.findFirst({ where: { id: listId } });
  if (!list) throw new DomainError('NOT_FOUND', 'List not found').withText('common.notFound', { what: 'List' });
  return list;
}

export async function deleteList(ctx: TenantCtx, listId: string) {
  assertId(listId, 'List');
  const r = await tenantDb(ctx.tenantId).list.deleteMany({ where: { id: listId } });
  if (r.count === 0) throw new DomainError('NOT_FOUND', 'List not found').withText('common.notFound', { what: 'List' });
}

/** Lists with confirmed / pending counts (one grouped query, not one per list). */
export async function listLists(ctx: TenantCtx) {
  const db = tenantDb(ctx.tenantId);
  const [lists, counts] = await Promise.all([
    db.list.findMany({ orderBy: { name: 'asc' } }),
    db.subscription.groupBy({ by: ['listId', 'status'], _count: { _all: true } }),
  ]);
  return lists.map((l) => {
    const of = (s: string) => counts.find((c) => c.listId === l.id && c.status === s)?._count._all ?? 0;
    return { ...l, confirmed: of('CONFIRMED'), pending: of('PENDING'), unsubscribed: of('UNSUBSCRIBED') };
  });
}
