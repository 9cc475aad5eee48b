// Streamed CSV export of subscribers (a list or any filter): keyset batches, so a million
// rows never sit in memory and the first bytes leave at once.
import { stringify } from 'csv-stringify/sync';
import { getDb, Prisma } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { csvCell } from '../security/csv-cells.ts';
import { listFields } from './fields.ts';
import { subscriberFilterSchema, subscriberWhere, type SubscriberFilter } from './subscribers.ts';

const BATCH = 5_000;

type Row = { id: string; email: string; firstName: string | null; lastName: string | null; status: string; attributes: Record<string, unknown>; createdAt: Date; lastActivityAt: Date | null };

/** Yields CSV text chunks: a header, then one chunk per batch. */
export async function* exportSubscribersCsv(ctx: TenantCtx, filterInput: SubscriberFilter = {}): AsyncGenerator<string> {
  const filter = subscriberFilterSchema.parse(filterInput);
  const fields = await listFields(ctx);
  yield stringify([['email', 'first_name', 'last_name', 'status', 'created_at', 'last_activity_at', ...fields.map((f) => f.key)]]);
  let after: { at: Date; id: string } | null = null;
  const where = subscriberWhere(ctx.tenantId, filter);
  for (;;) {
    const cursor: Prisma.Sql = after ? Prisma.sql`AND (s."createdAt", s.id) < (${after.at}, ${after.id}::uuid)` : Prisma.empty;
    const rows: Row[] = await getDb().$queryRaw<Row[]>`
      SELECT s.id::text AS id, s.email, s."firstName", s."lastName", s.status::text AS status, s.attributes, s."createdAt", s."lastActivityAt"
      FROM "Subscriber" s WHERE ${where} ${cursor} ORDER BY s."createdAt" DESC, s.id DESC LIMIT ${BATCH}`;
    if (rows.length === 0) return;
    yield stringify(rows.map((r) => [
      r.email, r.firstName, r.lastName, r.status, r.createdAt.toISOString(), r.lastActivityAt?.toISOString(),
      ...fields.map((f) => r.attributes?.[f.key]),
    ].map(csvCell)));
    const last = rows[rows.length - 1]!;
    after = { at: last.createdAt, id: last.id };
    if (rows.length < BATCH) return;
  }
}
