// apiRoute end to end against real Postgres: a tiny "get list by id" route behaves like
// every /api/v1 route will — key checks, scopes, body parsing, tenancy.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getDb, tenantDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import { generateApiKey, notFound, type ApiScope } from '@rundbrief/core';
import { apiRoute, readJson } from '../lib/api.ts';
import { fromPeer } from './peer.ts';

const getList = apiRoute<{ id: string }>({ scope: 'lists:read' }, async ({ ctx, params }) => {
  const list = await tenantDb(ctx.tenantId).list.findFirst({ where: { id: params.id }, select: { id: true, name: true } });
  if (!list) throw notFound('List');
  return list;
});

const renameList = apiRoute<{ id: string }>({ scope: 'lists:write' }, async ({ req, ctx, params }) => {
  const body = await readJson(req, z.object({ name: z.string().min(1, 'Name is required').max(100) }));
  const { count } = await tenantDb(ctx.tenantId).list.updateMany({ where: { id: params.id }, data: { name: body.name } });
  if (count === 0) throw notFound('List');
  return { id: params.id, name: body.name };
});

const crash = apiRoute({ scope: 'lists:read' }, () => {
  throw new Error('boom');
});

async function makeKey(tenantId: string, scopes: ApiScope[], revoked = false) {
  const { key, prefix, keyHash } = generateApiKey();
  const row = await getDb().apiKey.create({ data: { tenantId, name: 'test', prefix, keyHash, scopes, revokedAt: revoked ? new Date() : null } });
  return { key, id: row.id };
}

function call(handler: ReturnType<typeof apiRoute<{ id: string }>>, opts: { key?: string; id: string; method?: string; body?: string; ip?: string }) {
  const headers: Record<string, string> = fromPeer(opts.ip ?? '198.51.100.7');
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const req = new Request(`http://localhost/api/v1/lists/${opts.id}`, { method: opts.method ?? 'GET', headers, body: opts.body });
  return handler(req, { params: Promise.resolve({ id: opts.id }) });
}

describe('apiRoute', () => {
  beforeEach(truncateAll);
  afterAll(() => getDb().$disconnect());

  async function setup() {
    const { a, b } = await seedTwoTenants();
    const listA = await tenantDb(a.id).list.create({ data: { tenantId: a.id, name: 'A news' } });
    const listB = await tenantDb(b.id).list.create({ data: { tenantId: b.id, name: 'B news' } });
    return { a, b, listA, listB };
  }

  it('serves the tenant of a valid key and records when and from where it was used', async () => {
    const { a, listA } = await setup();
    const { key, id } = await makeKey(a.id, ['lists:read']);
    const res = await call(getList, { key, id: listA.id, ip: '203.0.113.9' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: listA.id, name: 'A news' });
    const row = await getDb().apiKey.findUniqueOrThrow({ where: { id } });
    expect(row.lastUsedIp).toBe('203.0.113.9');
    expect(row.lastUsedAt!.getTime()).toBeGreaterThan(Date.now() - 10_000);
  });

  it("answers 404 for another tenant's id, and B cannot change A's list", async () => {
    const { b, listA } = await setup();
    const { key: readKey } = await makeKey(b.id, ['lists:read']);
    const res = await call(getList, { key: readKey, id: listA.id });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'List not found' } });

    const { key: writeKey } = await makeKey(b.id, ['lists:write']);
    const put = await call(renameList, { key: writeKey, id: listA.id, method: 'PUT', body: JSON.stringify({ name: 'hacked' }) });
    expect(put.status).toBe(404);
    expect((await getDb().list.findUniqueOrThrow({ where: { id: listA.id } })).name).toBe('A news');
  });

  it('refuses a key without the scope with 403', async () => {
    const { a, listA } = await setup();
    const { key } = await makeKey(a.id, ['subscribers:read']);
    const res = await call(getList, { key, id: listA.id });
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toContain('lists:read');
  });

  it('refuses revoked, unknown, tampered and missing keys with 401', async () => {
    const { a, listA } = await setup();
    const { key: revoked } = await makeKey(a.id, ['lists:read'], true);
    const revokedRes = await call(getList, { key: revoked, id: listA.id });
    expect(revokedRes.status).toBe(401);
    expect((await revokedRes.json()).error.message).toMatch(/revoked/);

    const { key } = await makeKey(a.id, ['lists:read']);
    const tampered = key.slice(0, -3) + (key.endsWith('aaa') ? 'bbb' : 'aaa');
    for (const k of [tampered, generateApiKey().key, 'not-a-key', undefined]) {
      const res = await call(getList, { key: k, id: listA.id });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });

  it('answers 400 for a body that is not JSON and 422 with field messages for invalid input', async () => {
    const { a, listA } = await setup();
    const { key } = await makeKey(a.id, ['lists:write']);
    const bad = await call(renameList, { key, id: listA.id, method: 'PUT', body: '{"name": ' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('BAD_REQUEST');

    const invalid = await call(renameList, { key, id: listA.id, method: 'PUT', body: JSON.stringify({ name: '' }) });
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toEqual({ error: { code: 'VALIDATION', message: 'The request is invalid', fields: { name: ['Name is required'] } } });

    const ok = await call(renameList, { key, id: listA.id, method: 'PUT', body: JSON.stringify({ name: 'Renamed' }) });
    expect(ok.status).toBe(200);
    expect((await getDb().list.findUniqueOrThrow({ where: { id: listA.id } })).name).toBe('Renamed');
  });

  it('turns an unexpected error into a 500 without leaking the key into the log', async () => {
    const { a } = await setup();
    const { key } = await makeKey(a.id, ['lists:read']);
    const logged: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args.map(String).join(' '));
    try {
      const res = await call(crash as never, { key, id: 'x' });
      expect(res.status).toBe(500);
      expect((await res.json()).error.code).toBe('INTERNAL');
    } finally {
      console.error = original;
    }
    expect(logged.join('\n')).toContain('boom');
    expect(logged.join('\n')).not.toContain(key);
  });

  it('refuses keys of a suspended tenant', async () => {
    const { a, listA } = await setup();
    const { key } = await makeKey(a.id, ['lists:read']);
    await getDb().tenant.update({ where: { id: a.id }, data: { status: 'SUSPENDED' } });
    const res = await call(getList, { key, id: listA.id });
    expect(res.status).toBe(423);
  });
});
