// Suppression list CSV import and export. Import is streamed and written in batches with
// one INSERT ... SELECT unnest per batch (not row by row).
import type { Readable } from 'node:stream';
import { tenantDb } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { checkAddress } from '../deliverability/address.ts';
import { writeSuppressions } from '../deliverability/suppress.ts';
import { csvCell } from '../security/csv-cells.ts';
import { csvDialect, type ExportFormat } from '../security/csv-format.ts';
import { csvRecordsOfStream } from './import-file.ts';

const BATCH = 1_000;

/** Reads the first column (or a column named email) of a CSV; returns what was added. */
export async function importSuppressionsCsv(ctx: TenantCtx, input: { body: Readable; note?: string }) {
  const tenantId = ctx.tenantId;
  let emailCol = 0;
  let line = 0;
  let added = 0;
  const invalid: { line: number; value: string }[] = [];
  let batch: string[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const emails = [...new Set(batch)];
    batch = [];
    added += (await writeSuppressions('MANUAL', 'csv', emails.map((email) => ({ tenantId, email, note: input.note ?? null })))).added;
  };
  try {
    // Any encoding and separator the import reads (a German Excel list too).
    const parser = await csvRecordsOfStream(input.body);
    for await (const rec of parser as AsyncIterable<string[]>) {
      line++;
      if (line === 1) {
        const i = rec.findIndex((c) => /^e-?mail/i.test(c.trim()));
        if (i >= 0) { emailCol = i; continue; }
      }
      const raw = (rec[emailCol] ?? '').trim();
      const r = checkAddress(raw);
      if (!r.ok) { if (invalid.length < 1000) invalid.push({ line, value: raw }); continue; }
      batch.push(r.normalized);
      if (batch.length >= BATCH) await flush();
    }
  } catch (e) {
    if (String((e as { code?: unknown }).code ?? '').startsWith('CSV_')) throw new DomainError('VALIDATION', `The file is not a readable CSV: ${(e as Error).message}`);
    throw e;
  }
  await flush();
  return { added, invalid };
}

const SUPPRESSION_COLUMNS: Record<ExportFormat, string[]> = {
  utf8: ['email', 'reason', 'source', 'note', 'created_at'],
  'excel-de': ['E-Mail', 'Grund', 'Quelle', 'Notiz', 'Angelegt am'],
};

/** The suppression list as UTF-8 CSV or Excel (German) (security/csv-format.ts), newest first. */
export async function* exportSuppressionsCsv(ctx: TenantCtx, format: ExportFormat = 'utf8'): AsyncGenerator<string> {
  const csv = csvDialect(format);
  yield csv.prefix + csv.lines([SUPPRESSION_COLUMNS[format]]);
  let cursor: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const rows: { id: string; email: string | null; reason: string; source: string | null; note: string | null; createdAt: Date }[] =
      await tenantDb(ctx.tenantId).suppression.findMany({
        where: cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {},
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 5_000,
      });
    if (rows.length === 0) return;
    // Erased rows have no address: they are exported as the hash-only marker they are.
    yield csv.lines(rows.map((r) => [r.email ?? '(erased)', r.reason, r.source, r.note, csv.time(r.createdAt)].map(csvCell)));
    const last = rows[rows.length - 1]!;
    cursor = { createdAt: last.createdAt, id: last.id };
  }
}
