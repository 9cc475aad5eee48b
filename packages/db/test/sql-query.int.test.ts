import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb, Prisma, sqlExecute, sqlQuery } from '../src/index.ts';
import { seedTwoTenants, truncateAll } from '../src/testing.ts';

// sqlQuery is the hot path's way past Prisma's query compiler: it must hand back what
// $queryRaw does for the same statement, whatever the machine's time zone.
describe('sqlQuery', () => {
  beforeEach(truncateAll);
  afterAll(() => getDb().$disconnect());

  it('returns the same values as $queryRaw: timestamps as UTC Dates, bigint, json, arrays', async () => {
    const { a } = await seedTwoTenants();
    const at = new Date('2026-03-29T01:30:00.123Z');
    await getDb().list.create({ data: { tenantId: a.id, name: 'News', createdAt: at } });
    const q = Prisma.sql`SELECT l.id, l.name, l."createdAt", count(*) OVER () AS n, jsonb_build_object('k', ${'v'}::text) AS j,
        ARRAY[1, 2]::int[] AS arr, ${at}::timestamptz AS tz
      FROM "List" l WHERE l."tenantId" = ${a.id}::uuid AND l.id = ANY(${[a.id, '00000000-0000-0000-0000-000000000000']}::uuid[]) IS NOT TRUE`;
    const viaPrisma = await getDb().$queryRaw<Record<string, unknown>[]>(q);
    const direct = await sqlQuery<Record<string, unknown>>(q);
    expect(direct).toEqual(viaPrisma);
    expect(direct[0]!.createdAt).toEqual(at);
    expect(direct[0]!.n).toBe(1n);
    expect(direct[0]!.j).toEqual({ k: 'v' });
    expect(direct[0]!.tz).toEqual(at);
  });

  it('binds Dates as instants and reports affected rows', async () => {
    const { a } = await seedTwoTenants();
    const list = await getDb().list.create({ data: { tenantId: a.id, name: 'News' } });
    const at = new Date('2026-07-01T12:00:00.000Z');
    expect(await sqlExecute(Prisma.sql`UPDATE "List" SET "createdAt" = ${at} WHERE id = ${list.id}::uuid`)).toBe(1);
    expect((await getDb().list.findUniqueOrThrow({ where: { id: list.id } })).createdAt).toEqual(at);
    expect(await sqlExecute(Prisma.sql`UPDATE "List" SET name = 'x' WHERE false`)).toBe(0);
  });
});
