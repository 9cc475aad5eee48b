// The REST edge obeys the tenant IP allowlist: a valid key from an address outside the
// list gets 401 JSON, from inside it gets the data; X-Forwarded-For hops forged by the
// client do not help unless the tenant trusts its proxy.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb, tenantDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import { generateApiKey, notFound } from '@rundbrief/core';
import { apiRoute } from '../lib/api.ts';

const getList = apiRoute<{ id: string }>({ scope: 'lists:read' }, async ({ ctx, params }) => {
  const list = await tenantDb(ctx.tenantId).list.findFirst({ where: { id: params.id }, select: { id: true, name: true } });
  if (!list) throw notFound('List');
  return list;
});

const call = (key: string, id: string, forwardedFor: string) =>
  getList(new Request(`http://localhost/api/v1/lists/${id}`, { headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': forwardedFor } }), { params: Promise.resolve({ id }) });

describe('apiRoute and the IP allowlist', () => {
  beforeEach(truncateAll);
  afterAll(() => getDb().$disconnect());

  it('refuses keys from outside the allowlist with 401, v4 and v6', async () => {
    const { a } = await seedTwoTenants();
    const list = await tenantDb(a.id).list.create({ data: { tenantId: a.id, name: 'News' } });
    const { key, prefix, keyHash } = generateApiKey();
    await getDb().apiKey.create({ data: { tenantId: a.id, name: 'k', prefix, keyHash, scopes: ['lists:read'] } });
    await getDb().tenant.update({ where: { id: a.id }, data: { ipAllowlist: [{ cidr: '198.51.100.0/24', comment: 'office' }, { cidr: '2001:db8:1::/48', comment: 'v6' }] } });

    expect((await call(key, list.id, '198.51.100.200')).status).toBe(200);
    expect((await call(key, list.id, '2001:db8:1:ffff::9')).status).toBe(200);
    const refused = await call(key, list.id, '203.0.113.5');
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('203.0.113.5') } });
    expect((await call(key, list.id, '2001:db8:2::1')).status).toBe(401);

    // Behind a trusted proxy the proxy's right-most hop counts, not the client's forged one.
    await getDb().tenant.update({ where: { id: a.id }, data: { trustForwardedFor: true } });
    expect((await call(key, list.id, '198.51.100.1, 203.0.113.5')).status).toBe(401);
    expect((await call(key, list.id, '203.0.113.5, 198.51.100.1')).status).toBe(200);
    const row = await getDb().apiKey.findFirstOrThrow();
    expect(row.lastUsedIp).toBe('198.51.100.1');
  });
});
