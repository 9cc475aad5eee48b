// Client input never chooses the tenant (issue 17.2) at the REST edge: tenant A's API key
// with bodies that name tenant B (`tenantId`, B's ids). The key's context is the only
// tenant a handler passes on: B's records are 404 and unchanged, creates land in A.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import { closeQueues, generateApiKey } from '@rundbrief/core';
import { POST as createListRoute } from '../app/api/v1/lists/route.ts';
import { PATCH as patchList } from '../app/api/v1/lists/[id]/route.ts';
import { PATCH as patchSubscriber } from '../app/api/v1/subscribers/[id]/route.ts';
import { PATCH as patchCampaign } from '../app/api/v1/campaigns/[id]/route.ts';
import { fromPeer } from './peer.ts';

type Handler = (req: Request, route: { params: Promise<{ id: string }> }) => Promise<Response>;

async function keyFor(tenantId: string) {
  const { key, prefix, keyHash } = generateApiKey();
  await getDb().apiKey.create({ data: { tenantId, name: 'test', prefix, keyHash, scopes: ['lists:write', 'subscribers:write', 'campaigns:write'] } });
  return key;
}

async function call(h: Handler, key: string, method: string, body: unknown, id = '') {
  const req = new Request('http://localhost/api/v1/x', {
    method, body: JSON.stringify(body), headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...fromPeer('198.51.100.7') },
  });
  const res = await h(req, { params: Promise.resolve({ id }) });
  return { status: res.status, json: await res.json() };
}

describe('REST bodies naming another tenant', () => {
  beforeEach(truncateAll);
  afterAll(async () => {
    await closeQueues();
    await getDb().$disconnect();
  });

  it("are 404 on B's list, subscriber and campaign and change nothing; a create lands in the key's tenant", async () => {
    const db = getDb();
    const { a, b } = await seedTwoTenants();
    const key = await keyFor(a.id);
    const bList = await db.list.create({ data: { tenantId: b.id, name: 'B list' } });
    const bSub = await db.subscriber.create({ data: { tenantId: b.id, email: 'bea@b.example', firstName: 'Bea' } });
    const bCampaign = await db.campaign.create({ data: { tenantId: b.id, name: 'B', subject: 'B subject', mjml: '<mjml></mjml>' } });
    const before = [await db.list.findMany({ where: { tenantId: b.id } }), await db.subscriber.findMany({ where: { tenantId: b.id } }), await db.campaign.findMany({ where: { tenantId: b.id } })];

    expect((await call(patchList as Handler, key, 'PATCH', { tenantId: b.id, name: 'pwned' }, bList.id)).status).toBe(404);
    expect((await call(patchSubscriber as Handler, key, 'PATCH', { tenantId: b.id, firstName: 'pwned' }, bSub.id)).status).toBe(404);
    expect((await call(patchCampaign as Handler, key, 'PATCH', { tenantId: b.id, subject: 'pwned' }, bCampaign.id)).status).toBe(404);
    const made = await call(createListRoute as Handler, key, 'POST', { tenantId: b.id, name: 'Smuggled' });
    expect(made.status).toBe(201);
    expect((await db.list.findUniqueOrThrow({ where: { id: made.json.id as string } })).tenantId).toBe(a.id);

    expect([await db.list.findMany({ where: { tenantId: b.id } }), await db.subscriber.findMany({ where: { tenantId: b.id } }), await db.campaign.findMany({ where: { tenantId: b.id } })]).toEqual(before);
  });
});
