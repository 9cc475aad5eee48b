// Where a core writer's raw statement runs: by default straight through the pg pool
// (sqlQuery, no Prisma query compilation), or inside the caller's transaction, be it a
// Prisma interactive transaction or a raw sqlTransaction.
import { sqlQuery, type Prisma, type SqlTx } from '@rundbrief/db';

export type SqlRunner = { $queryRaw: Prisma.TransactionClient['$queryRaw'] } | SqlTx;

export function runSql<T>(q: Prisma.Sql, db?: SqlRunner): Promise<T[]> {
  if (!db) return sqlQuery<T>(q);
  if ('$queryRaw' in db) return db.$queryRaw<T[]>(q);
  return db.query<T>(q);
}
