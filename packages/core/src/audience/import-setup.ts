// CSV import, first steps: store the upload under .data/imports (streamed, never held in
// memory), detect how it is written (import-file.ts), show what was detected, the header and
// the first rows for the column mapping, then queue the run.
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { tenantDb } from '@rundbrief/db';
import { DomainError } from '../errors.ts';
import { assertTenantMaySend } from '../deliverability/may-send.ts';
import type { TenantCtx } from '../context.ts';
import { enqueue } from '../jobs/queue.ts';
import { JOBS } from '../jobs/definitions.ts';
import { describeDetection, describeDetectionText, headerKey, type CsvDetection } from './csv-detect.ts';
import { listFields } from './fields.ts';
import { inspectCsvFile, previewCsvFile, storedDetection } from './import-file.ts';
import { zodText } from '../texts.ts';

/**
 * Where uploads and refusal reports live: IMPORT_DIR, else <repo root>/.data/imports. The
 * web app and the worker run from different directories and must meet in the same place.
 */
export function importDir(): string {
  if (process.env.IMPORT_DIR) return resolve(process.env.IMPORT_DIR);
  let dir = process.cwd();
  while (!existsSync(join(dir, 'turbo.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(existsSync(join(dir, 'turbo.json')) ? dir : process.cwd(), '.data', 'imports');
}
export const importFilePath = (importId: string) => join(importDir(), `${importId}.csv`);
export const importReportPath = (importId: string) => join(importDir(), `${importId}-report.csv`);

export const IMPORT_JOB = JOBS.importCsv.name;

export const importMappingSchema = z.object({
  email: z.string().min(1, zodText('imports.chooseEmailColumn', 'Choose the column that holds the email address.')),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  /** custom field key -> column */
  fields: z.record(z.string(), z.string()).default({}),
});
export type ImportMapping = z.infer<typeof importMappingSchema>;

const aliases = (names: string[]) => new Set(names.map(headerKey));
// German and English header names, compared by headerKey (case, spaces, '-', '_' and '.' ignored).
const EMAIL_HEADERS = aliases(['email', 'e-mail', 'email address', 'e-mail-adresse', 'emailadresse', 'mail', 'mailadresse', 'mail address', 'address']);
const FIRST_NAME_HEADERS = aliases(['first name', 'firstname', 'first', 'given name', 'vorname']);
const LAST_NAME_HEADERS = aliases(['last name', 'lastname', 'last', 'surname', 'family name', 'nachname', 'familienname']);
// The product has no salutation of its own: Anrede goes to a custom field that stands for it.
const SALUTATION_HEADERS = aliases(['anrede', 'salutation', 'briefanrede']);

/**
 * Guess of the mapping from header names ("E-Mail", "email address", "Vorname", ...), and for
 * custom fields a column named like the field's key or label; the user can change each.
 */
export function guessMapping(columns: string[], fields: { key: string; label: string }[] = []): Partial<ImportMapping> & { fields: Record<string, string> } {
  const find = (names: Set<string>) => columns.find((c) => names.has(headerKey(c)));
  const guessed: Record<string, string> = {};
  for (const f of fields) {
    const names = new Set([headerKey(f.key), headerKey(f.label)]);
    const salutation = [...names].some((n) => SALUTATION_HEADERS.has(n));
    const col = find(names) ?? (salutation ? find(SALUTATION_HEADERS) : undefined);
    if (col) guessed[f.key] = col;
  }
  return {
    email: find(EMAIL_HEADERS) ?? columns.find((c) => headerKey(c).includes('mail')),
    firstName: find(FIRST_NAME_HEADERS),
    // "Name" beside "Vorname" is the family name; a Nachname column wins.
    lastName: find(LAST_NAME_HEADERS) ?? (find(FIRST_NAME_HEADERS) ? find(aliases(['name'])) : undefined),
    fields: guessed,
  };
}

/** The detection stored at upload, or (an import uploaded before detection existed) a fresh one. */
async function detectionOf(imp: { id: string; detection: unknown }): Promise<CsvDetection> {
  return storedDetection(imp.detection) ?? (await inspectCsvFile(importFilePath(imp.id), 0)).detection;
}

async function previewOf(ctx: TenantCtx, imp: { id: string; detection: unknown }) {
  const detection = await detectionOf(imp);
  const preview = await previewCsvFile(importFilePath(imp.id), detection);
  const fields = await listFields(ctx);
  return { ...preview, detection, detected: describeDetection(detection), detectedText: describeDetectionText(detection), guess: guessMapping(preview.columns, fields) };
}

/** Stores an upload and creates the Import (PENDING) with a preview for the mapping step. */
/** The uploader is `ctx.userId`. */
export async function createImport(ctx: TenantCtx, input: { listId: string; fileName: string; body: Readable }) {
  const db = tenantDb(ctx.tenantId);
  const list = await db.list.findFirst({ where: { id: input.listId } });
  if (!list) throw new DomainError('NOT_FOUND', 'List not found').withText('common.notFound', { what: 'List' });
  const imp = await db.import.create({
    data: { tenantId: ctx.tenantId, listId: list.id, fileName: input.fileName.slice(0, 200), createdBy: ctx.userId ?? null },
  });
  await mkdir(importDir(), { recursive: true });
  const path = importFilePath(imp.id);
  try {
    await pipeline(input.body, createWriteStream(path));
    const { detection } = await inspectCsvFile(path, 0);
    const stored = await db.import.update({ where: { id: imp.id }, data: { detection } });
    return { import: stored, ...(await previewOf(ctx, stored)) };
  } catch (e) {
    await rm(path, { force: true });
    await db.import.deleteMany({ where: { id: imp.id } });
    throw e;
  }
}

export async function previewImport(ctx: TenantCtx, importId: string) {
  const imp = await getImport(ctx, importId);
  return { import: imp, ...(await previewOf(ctx, imp)) };
}

export async function getImport(ctx: TenantCtx, importId: string) {
  if (!z.uuid().safeParse(importId).success) throw new DomainError('NOT_FOUND', 'Import not found').withText('common.notFound', { what: 'Import' });
  const imp = await tenantDb(ctx.tenantId).import.findFirst({ where: { id: importId } });
  if (!imp) throw new DomainError('NOT_FOUND', 'Import not found').withText('common.notFound', { what: 'Import' });
  return imp;
}

export async function listImports(ctx: TenantCtx, listId?: string) {
  return tenantDb(ctx.tenantId).import.findMany({
    where: listId ? { listId } : {}, orderBy: { createdAt: 'desc' }, take: 50,
  });
}

export const importConsentModes = ['ATTEST', 'OPT_IN_MAIL'] as const;
export type ImportConsentMode = (typeof importConsentModes)[number];

/**
 * Confirms the mapping and the consent basis, then queues the run. Either the marketer
 * states how these people consented (ATTEST: stored on each subscription it confirms, the
 * SINGLE opt-in proof), or every new subscription stays PENDING and the person gets the
 * list's double opt-in mail (OPT_IN_MAIL: no statement needed, consent is asked).
 */
export async function startImport(
  ctx: TenantCtx, importId: string, input: { mapping: unknown; attestation?: string | null; consentMode?: ImportConsentMode }, opts: { prefix?: string } = {},
) {
  const imp = await getImport(ctx, importId);
  if (imp.status !== 'PENDING') throw new DomainError('CONFLICT', 'This import has already been started.').withText('imports.alreadyStarted');
  const consentMode = input.consentMode ?? 'ATTEST';
  if (!importConsentModes.includes(consentMode)) throw new DomainError('VALIDATION', 'Choose how consent is obtained: your statement, or an opt-in mail to each person.').withText('imports.chooseConsent');
  if (consentMode === 'OPT_IN_MAIL') await assertTenantMaySend(ctx, 'IMPORT_OPT_IN');
  const mapping = importMappingSchema.parse(input.mapping);
  const attestation = consentMode === 'ATTEST' ? (input.attestation ?? '').trim() : null;
  if (attestation !== null && attestation.length < 20) {
    throw new DomainError('VALIDATION', 'Describe how these people consented to receive mail (at least 20 characters), e.g. "Signed up at our shop checkout, 2024".').withText('imports.describeConsent');
  }
  const { columns } = await previewCsvFile(importFilePath(imp.id), await detectionOf(imp), 0);
  const used = [mapping.email, mapping.firstName, mapping.lastName, ...Object.values(mapping.fields)].filter((c): c is string => !!c);
  const missing = used.filter((c) => !columns.includes(c));
  if (missing.length) throw new DomainError('VALIDATION', `The file has no column ${missing.map((m) => `"${m}"`).join(', ')}.`).withText('imports.noColumn', { columns: missing.map((m) => `"${m}"`).join(', ') });
  const fields = await tenantDb(ctx.tenantId).customField.findMany({ where: { key: { in: Object.keys(mapping.fields) } } });
  const unknown = Object.keys(mapping.fields).filter((k) => !fields.some((f) => f.key === k));
  if (unknown.length) throw new DomainError('VALIDATION', `Unknown field ${unknown.join(', ')}.`).withText('imports.unknownFields', { fields: unknown.join(', ') });
  const r = await tenantDb(ctx.tenantId).import.updateMany({
    where: { id: imp.id, status: 'PENDING' }, data: { mapping, attestation, consentMode, status: 'QUEUED' },
  });
  if (r.count === 0) throw new DomainError('CONFLICT', 'This import has already been started.').withText('imports.alreadyStarted');
  await enqueue('importCsv', { tenantId: ctx.tenantId, importId: imp.id }, { jobId: `import-${imp.id}`, attempts: 1, prefix: opts.prefix });
  return getImport(ctx, imp.id);
}

export function openImportReport(input: { path: string }) {
  return createReadStream(input.path);
}
