// Import files hold personal data outside the database, so they get a retention rule:
//  - the uploaded CSV is deleted as soon as its import has run (DONE or FAILED), and an
//    upload that was never started is deleted after IMPORT_UPLOAD_RETENTION_HOURS;
//  - the refusal report is kept IMPORT_REPORT_RETENTION_DAYS after the import finished;
//  - erasing a subscriber (GDPR Art. 17) also rewrites every remaining file of the tenant
//    that still holds the address, so no copy outlives the erasure.
// The scheduled sweep also removes files no import row points at (crashes, deleted tenants).
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { z } from 'zod';
import { getDb, tenantDb } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import type { CoreText } from '../texts.ts';
import { checkAddress } from '../deliverability/address.ts';
import { importDir, importFilePath } from './import-setup.ts';
import type { CsvDetection } from './csv-detect.ts';
import { csvParseOptions, decodeStream, storedDetection } from './import-file.ts';

const retentionEnv = z.object({
  IMPORT_REPORT_RETENTION_DAYS: z.coerce.number().positive().default(7),
  IMPORT_UPLOAD_RETENTION_HOURS: z.coerce.number().positive().default(24),
});
export const importRetention = () => {
  const e = retentionEnv.parse(process.env);
  return { reportDays: e.IMPORT_REPORT_RETENTION_DAYS, uploadHours: e.IMPORT_UPLOAD_RETENTION_HOURS };
};

const FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(-report)?\.csv(\.scrub)?$/i;

/** Deletes an import's uploaded CSV (after the run, whatever its outcome). */
export async function discardImportUpload(importId: string): Promise<void> {
  await rm(importFilePath(importId), { force: true });
}

/**
 * The refusal report as a stream, or a clear 410 once retention has deleted it (never a
 * 500 for a file that is gone).
 */
export async function openRefusalReport(ctx: TenantCtx, importId: string) {
  if (!z.uuid().safeParse(importId).success) throw new DomainError('NOT_FOUND', 'Import not found').withText('common.notFound', { what: 'Import' });
  const imp = await tenantDb(ctx.tenantId).import.findFirst({ where: { id: importId } });
  if (!imp) throw new DomainError('NOT_FOUND', 'Import not found').withText('common.notFound', { what: 'Import' });
  if (imp.status !== 'DONE' && imp.status !== 'FAILED') throw new DomainError('CONFLICT', 'This import has no report yet: it is still running.').withText('imports.noReportYet');
  const gone = () => new DomainError('GONE', reportExpiredMessage());
  if (!imp.reportPath) throw gone();
  const exists = await stat(imp.reportPath).then((s) => s.isFile(), () => false);
  if (!exists) throw gone();
  return { fileName: `refused-${imp.id}.csv`, stream: createReadStream(imp.reportPath) };
}

export const reportExpiredMessage = () =>
  `The refusal report of this import has been deleted: reports are kept for ${importRetention().reportDays} days after an import, because they contain email addresses.`;

/** reportExpiredMessage() as a code (coreTexts.import.reportExpired). */
export const reportExpiredText = (): CoreText => ({ code: 'import.reportExpired', params: { days: importRetention().reportDays } });

/** Whether an import's refusal report can still be downloaded (for the import page). */
export const refusalReportAvailable = (imp: { status: string; reportPath: string | null; refusedRows: number }) =>
  imp.status === 'DONE' && imp.reportPath !== null && imp.refusedRows > 0;

type Sweep = { uploads: number; reports: number; staleImports: number; orphans: number };

/** The scheduled sweep over all tenants (maintenance queue). */
export async function pruneImportFiles(input: { now?: Date } = {}): Promise<Sweep> {
  const now = input.now ?? new Date();
  const { reportDays, uploadHours } = importRetention();
  const db = getDb();
  const out: Sweep = { uploads: 0, reports: 0, staleImports: 0, orphans: 0 };

  // Reports past retention: forget the path first, so a download answers "expired", then delete.
  const expired = await db.$queryRaw<{ reportPath: string }[]>`
    UPDATE "Import" SET "reportPath" = NULL
    WHERE "reportPath" IS NOT NULL AND "finishedAt" < ${new Date(now.getTime() - reportDays * 86_400_000)}
    RETURNING "reportPath"`;
  for (const r of expired) await rm(r.reportPath, { force: true });
  out.reports = expired.length;

  // Uploads nobody started: the import can no longer start (its page says why).
  const stale = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Import" SET status = 'FAILED', "finishedAt" = ${now},
      error = ${`The uploaded file was deleted because the import was not started within ${uploadHours} hours. Upload the file again.`}
    WHERE status = 'PENDING' AND "createdAt" < ${new Date(now.getTime() - uploadHours * 3_600_000)}
    RETURNING id::text AS id`;
  for (const s of stale) await discardImportUpload(s.id);
  out.staleImports = stale.length;

  // Everything else on disk that no import needs any more.
  const names = await readdir(importDir()).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? [] : Promise.reject(e)));
  const files = names.map((name) => ({ name, m: FILE.exec(name) })).filter((f) => f.m);
  const ids = [...new Set(files.map((f) => f.m![1]!.toLowerCase()))];
  const rows = ids.length === 0 ? [] : await db.$queryRaw<{ id: string; status: string; reportPath: string | null }[]>`
    SELECT id::text AS id, status, "reportPath" FROM "Import" WHERE id = ANY(${ids}::uuid[])`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const f of files) {
    const imp = byId.get(f.m![1]!.toLowerCase());
    const path = join(importDir(), f.name);
    const finished = imp && (imp.status === 'DONE' || imp.status === 'FAILED');
    let drop: 'uploads' | 'reports' | 'orphans' | null = null;
    // A scrub temp file is only ever left behind by a crash mid-rewrite.
    if (!imp || f.m![3]) drop = 'orphans';
    else if (!f.m![2] && finished) drop = 'uploads';
    // A report is written inside the run, before its path is recorded: only finished imports lose it.
    else if (f.m![2] && finished && imp.reportPath !== path) drop = 'reports';
    if (!drop) continue;
    await rm(path, { force: true });
    out[drop] += 1;
  }
  return out;
}

/** Same address? Raw CSV cells are compared the way an import would normalise them. */
function sameAddress(cell: string, email: string): boolean {
  const v = cell.trim();
  if (!v.includes('@')) return false;
  const c = checkAddress(v);
  return (c.ok ? c.normalized : v.toLowerCase()) === email;
}

/**
 * Streams `path` through csv-parse and writes every record without a cell holding `email`
 * to a temp file, which then replaces the original. Returns how many records were dropped.
 * An upload is read as detected (`as`: encoding, separator) and written back with its
 * separator in UTF-8, with a BOM unless it was plain UTF-8 (the caller records that).
 */
async function rewriteWithout(path: string, email: string, as?: CsvDetection): Promise<number> {
  const tmp = `${path}.scrub`;
  const encoding = as?.encoding ?? 'utf-8';
  const separator = as?.separator ?? ',';
  let dropped = 0;
  const filter = new Transform({
    objectMode: true,
    transform(record: string[], _enc, cb) {
      if (record.some((cell) => sameAddress(cell, email))) {
        dropped += 1;
        return cb();
      }
      cb(null, record);
    },
  });
  try {
    const out = createWriteStream(tmp);
    if (encoding !== 'utf-8') out.write('\uFEFF');
    await pipeline(createReadStream(path), decodeStream(encoding), parse(csvParseOptions(separator)), filter, stringify({ delimiter: separator }), out);
  } catch (e) {
    await rm(tmp, { force: true });
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
  if (dropped > 0) await rename(tmp, path);
  else await rm(tmp, { force: true });
  return dropped;
}

/**
 * Part of erasure: removes the address from every import file of the tenant still on disk
 * (refusal reports; uploads of imports not yet running). An upload that a run is reading
 * right now is left alone: the run deletes it when it ends, and the erased address's
 * suppression refuses it in that run.
 */
export async function scrubImportFiles(ctx: TenantCtx, address: string): Promise<{ files: number; rows: number }> {
  const email = address.trim().toLowerCase();
  const imports = await tenantDb(ctx.tenantId).import.findMany({
    where: { OR: [{ reportPath: { not: null } }, { status: 'PENDING' }] },
    select: { id: true, status: true, reportPath: true, detection: true },
  });
  let files = 0;
  let rows = 0;
  for (const imp of imports) {
    const paths = [
      ...(imp.reportPath ? [imp.reportPath] : []),
      ...(imp.status === 'PENDING' ? [importFilePath(imp.id)] : []),
    ];
    for (const p of paths) {
      const upload = p !== imp.reportPath;
      const detection = upload ? storedDetection(imp.detection) ?? undefined : undefined;
      const n = await rewriteWithout(p, email, detection).catch(async (e: unknown) => {
        // A marketer's file that does not parse as CSV cannot be cleaned row by row (and
        // could not be imported either): it goes, and the import says why.
        if (!upload) throw e;
        await discardImportUpload(imp.id);
        await tenantDb(ctx.tenantId).import.updateMany({
          where: { id: imp.id, status: 'PENDING' },
          data: { status: 'FAILED', finishedAt: new Date(), error: 'The uploaded file was deleted while a subscriber was being erased, because it is not a readable CSV. Upload a corrected file.' },
        });
        return 1;
      });
      if (n > 0 && detection) {
        const rewritten: CsvDetection = { ...detection, encoding: detection.encoding === 'utf-8' ? 'utf-8' : 'utf-8-bom', rows: Math.max(detection.rows - n, 0) };
        await tenantDb(ctx.tenantId).import.updateMany({ where: { id: imp.id, status: 'PENDING' }, data: { detection: rewritten } });
      }
      if (n > 0) {
        files += 1;
        rows += n;
      }
    }
  }
  return { files, rows };
}
