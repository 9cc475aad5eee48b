// The tenant IP allowlist at the REST edge and for UI sessions: a valid key from an address
// outside the list is refused, from inside it gets the data. X-Forwarded-For counts only
// when the TCP peer is a proxy the operator trusts (platform setting), so a client talking
// to us directly cannot name an allowed address in it.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb, tenantDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import { forgetPlatformSettings, generateApiKey, notFound, updatePlatformSettings } from '@rundbrief/core';
import { apiRoute } from '../lib/api.ts';
import { tenantIpAccess } from '../lib/account-security.ts';
import { fromPeer } from './peer.ts';

const getList = apiRoute<{ id: string }>({ scope: 'lists:read' }, async ({ ctx, params }) => {
  const list = await tenantDb(ctx.tenantId).list.findFirst({ where: { id: params.id }, select: { id: true, name: true } });
  if (!list) throw notFound('List');
  return list;
});

const call = (key: string, id: string, peer: string, forwardedFor?: string) =>
  getList(
    new Request(`http://localhost/api/v1/lists/${id}`, { headers: { authorization: `Bearer ${key}`, ...fromPeer(peer), ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) } }),
    { params: Promise.resolve({ id }) },
  );

async function tenantWithAllowlist() {
  const { a } = await seedTwoTenants();
  const list = await tenantDb(a.id).list.create({ data: { tenantId: a.id, name: 'News' } });
  const { key, prefix, keyHash } = generateApiKey();
  await getDb().apiKey.create({ data: { tenantId: a.id, name: 'k', prefix, keyHash, scopes: ['lists:read'] } });
  await getDb().tenant.update({ where: { id: a.id }, data: { ipAllowlist: [{ cidr: '198.51.100.0/24', comment: 'office' }, { cidr: '2001:db8:1::/48', comment: 'v6' }] } });
  return { tenantId: a.id, listId: list.id, key };
}

describe('the IP allowlist and X-Forwarded-For', () => {
  beforeEach(async () => {
    await truncateAll();
    forgetPlatformSettings();
  });
  afterAll(() => getDb().$disconnect());

  it('refuses keys from outside the allowlist with 403, v4 and v6 (as the README promises)', async () => {
    const { listId, key } = await tenantWithAllowlist();
    expect((await call(key, listId, '198.51.100.200')).status).toBe(200);
    expect((await call(key, listId, '2001:db8:1:ffff::9')).status).toBe(200);
    const refused = await call(key, listId, '203.0.113.5');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: { code: 'FORBIDDEN', message: expect.stringContaining('203.0.113.5') } });
    expect((await call(key, listId, '2001:db8:2::1')).status).toBe(403);
    // no peer server.mjs vouched for: unknown, refused
    const bare = await getList(new Request(`http://localhost/api/v1/lists/${listId}`, { headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': '198.51.100.7' } }), { params: Promise.resolve({ id: listId }) });
    expect(bare.status).toBe(403);
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy (API and UI)', async () => {
    const { tenantId, listId, key } = await tenantWithAllowlist();
    expect((await call(key, listId, '127.0.0.1', '198.51.100.7')).status).toBe(403);
    const headers = new Headers({ ...fromPeer('127.0.0.1'), 'x-forwarded-for': '198.51.100.7' });
    expect(await tenantIpAccess(headers, tenantId)).toEqual({ ip: '127.0.0.1', allowed: false });

    // The operator's list takes addresses and CIDRs only.
    await expect(updatePlatformSettings({ trustedProxies: ['my-proxy.example'] })).rejects.toThrow(/not an IPv4 or IPv6/);
    await updatePlatformSettings({ trustedProxies: ['127.0.0.1/32'] });
    expect((await call(key, listId, '127.0.0.1', '198.51.100.7')).status).toBe(200);
    expect(await tenantIpAccess(headers, tenantId)).toEqual({ ip: '198.51.100.7', allowed: true });
    expect((await getDb().apiKey.findFirstOrThrow()).lastUsedIp).toBe('198.51.100.7');
    // Behind the trusted proxy the hop it appended counts, not one the client put before it.
    expect((await call(key, listId, '127.0.0.1', '198.51.100.1, 203.0.113.5')).status).toBe(403);
    // Another peer is still not a proxy.
    expect((await call(key, listId, '203.0.113.9', '198.51.100.7')).status).toBe(403);
  });
});
