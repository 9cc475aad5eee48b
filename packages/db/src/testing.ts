// Test helpers for *.int.test.ts: a real Postgres database (DATABASE_URL points at the
// test database prepared by scripts/test.mjs); tables are truncated between tests.
import { getDb } from './client.ts';

export async function truncateAll(): Promise<void> {
  const db = getDb();
  const rows = await db.$queryRaw<{ tablename: string }[]>`
    SELECT tablename::text AS tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
  if (rows.length === 0) return;
  const list = rows.map((r) => `"public"."${r.tablename}"`).join(', ');
  await db.$executeRawUnsafe(`TRUNCATE ${list} RESTART IDENTITY CASCADE`);
}

/** Two tenants, for cross-tenant tests. */
export async function seedTwoTenants() {
  const db = getDb();
  const suffix = Math.random().toString(36).slice(2, 8);
  const a = await db.tenant.create({ data: { name: 'Tenant A', slug: `a-${suffix}`, imprint: 'A GmbH, Street 1, Berlin' } });
  const b = await db.tenant.create({ data: { name: 'Tenant B', slug: `b-${suffix}`, imprint: 'B GmbH, Street 2, Hamburg' } });
  return { a, b };
}
