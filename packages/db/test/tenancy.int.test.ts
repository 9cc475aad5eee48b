import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb, tenantDb, TenantScopeError } from '../src/index.ts';
import { seedTwoTenants, truncateAll } from '../src/testing.ts';

describe('tenantDb', () => {
  beforeEach(truncateAll);
  afterAll(() => getDb().$disconnect());

  it("misses another tenant's rows on every read and write", async () => {
    const { a, b } = await seedTwoTenants();
    const listA = await tenantDb(a.id).list.create({ data: { tenantId: a.id, name: 'News' } });
    expect(listA.tenantId).toBe(a.id);

    const asB = tenantDb(b.id);
    expect(await asB.list.findUnique({ where: { id: listA.id } })).toBeNull();
    expect(await asB.list.findFirst({ where: { id: listA.id } })).toBeNull();
    expect(await asB.list.findMany()).toEqual([]);
    expect(await asB.list.count()).toBe(0);
    expect((await asB.list.updateMany({ where: { id: listA.id }, data: { name: 'hacked' } })).count).toBe(0);
    expect((await asB.list.deleteMany({ where: { id: listA.id } })).count).toBe(0);
    await expect(asB.list.update({ where: { id: listA.id }, data: { name: 'hacked' } })).rejects.toThrow();
    await expect(asB.list.delete({ where: { id: listA.id } })).rejects.toThrow();

    const still = await tenantDb(a.id).list.findUnique({ where: { id: listA.id } });
    expect(still?.name).toBe('News');
  });

  it('refuses to write a row stamped with another tenant', async () => {
    const { a, b } = await seedTwoTenants();
    await expect(tenantDb(b.id).list.create({ data: { name: 'x', tenantId: a.id } })).rejects.toBeInstanceOf(TenantScopeError);
    expect(await getDb().list.count()).toBe(0);
  });

  it('scopes child models through their parent', async () => {
    const { a, b } = await seedTwoTenants();
    const t = await tenantDb(a.id).template.create({ data: { tenantId: a.id, name: 'T', mjml: '<mjml></mjml>' } });
    await tenantDb(a.id).templateVersion.create({ data: { templateId: t.id, version: 1, mjml: '<mjml></mjml>' } });
    expect(await tenantDb(b.id).templateVersion.count()).toBe(0);
    expect(await tenantDb(a.id).templateVersion.count()).toBe(1);
    await expect(
      tenantDb(b.id).templateVersion.create({ data: { templateId: t.id, version: 2, mjml: 'x' } }),
    ).rejects.toBeInstanceOf(TenantScopeError);
  });
});
