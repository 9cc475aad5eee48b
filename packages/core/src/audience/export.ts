// Streamed CSV export of subscribers (a list or any filter): keyset batches, so a million
// rows never sit in memory and the first bytes leave at once. Two formats: UTF-8 CSV and
// Excel (German) (security/csv-format.ts); the German one also writes typed attributes as
// German Excel reads them (decimal commas, TT.MM.JJJJ, ja/nein), and the import maps its
// German column names back.
import { getDb, Prisma } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { csvCell } from '../security/csv-cells.ts';
import { csvDialect, type ExportFormat } from '../security/csv-format.ts';
import { listFields } from './fields.ts';
import { subscriberFilterSchema, subscriberWhere, type SubscriberFilter } from './subscribers.ts';

const BATCH = 5_000;

type Row = { id: string; email: string; firstName: string | null; lastName: string | null; status: string; attributes: Record<string, unknown>; createdAt: Date; lastActivityAt: Date | null };
type Field = { key: string; label: string; type: string };

/** A typed attribute as German Excel reads it (the import reads it back the same way). */
function germanValue(type: string, v: unknown): unknown {
  if (v === null || v === undefined) return v;
  if (type === 'NUMBER' && typeof v === 'number') return v.toLocaleString('de-DE', { useGrouping: false, maximumFractionDigits: 20 });
  if (type === 'DATE' && typeof v === 'string') return v.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$3.$2.$1');
  if (type === 'BOOLEAN' && typeof v === 'boolean') return v ? 'ja' : 'nein';
  return v;
}

function layout(format: ExportFormat, fields: Field[]) {
  const dialect = csvDialect(format);
  if (format === 'utf8') {
    return {
      dialect,
      header: ['email', 'first_name', 'last_name', 'status', 'created_at', 'last_activity_at', ...fields.map((f) => f.key)],
      row: (r: Row) => [r.email, r.firstName, r.lastName, r.status, dialect.time(r.createdAt), dialect.time(r.lastActivityAt), ...fields.map((f) => r.attributes?.[f.key])],
    };
  }
  const builtIn = ['E-Mail', 'Vorname', 'Nachname', 'Status', 'Angelegt am', 'Letzte Aktivität'];
  // A field's label names its column unless two fields (or a built-in column) share it: then its key.
  const taken = new Set(builtIn.map((h) => h.toLowerCase()));
  const labelCount = new Map<string, number>();
  for (const f of fields) labelCount.set(f.label.toLowerCase(), (labelCount.get(f.label.toLowerCase()) ?? 0) + 1);
  return {
    dialect,
    header: [...builtIn, ...fields.map((f) => (labelCount.get(f.label.toLowerCase()) === 1 && !taken.has(f.label.toLowerCase()) ? f.label : f.key))],
    row: (r: Row) => [r.email, r.firstName, r.lastName, r.status, dialect.time(r.createdAt), dialect.time(r.lastActivityAt), ...fields.map((f) => germanValue(f.type, r.attributes?.[f.key]))],
  };
}

/** Yields CSV text chunks: a header, then one chunk per batch. */
export async function* exportSubscribersCsv(ctx: TenantCtx, filterInput: SubscriberFilter = {}, format: ExportFormat = 'utf8'): AsyncGenerator<string> {
  const filter = subscriberFilterSchema.parse(filterInput);
  const fields = await listFields(ctx);
  const out = layout(format, fields);
  yield out.dialect.prefix + out.dialect.lines([out.header]);
  let after: { at: Date; id: string } | null = null;
  const where = subscriberWhere(ctx.tenantId, filter);
  for (;;) {
    const cursor: Prisma.Sql = after ? Prisma.sql`AND (s."createdAt", s.id) < (${after.at}, ${after.id}::uuid)` : Prisma.empty;
    const rows: Row[] = await getDb().$queryRaw<Row[]>`
      SELECT s.id::text AS id, s.email, s."firstName", s."lastName", s.status::text AS status, s.attributes, s."createdAt", s."lastActivityAt"
      FROM "Subscriber" s WHERE ${where} ${cursor} ORDER BY s."createdAt" DESC, s.id DESC LIMIT ${BATCH}`;
    if (rows.length === 0) return;
    yield out.dialect.lines(rows.map((r) => out.row(r).map(csvCell)));
    const last = rows[rows.length - 1]!;
    after = { at: last.createdAt, id: last.id };
    if (rows.length < BATCH) return;
  }
}
