// The OpenAPI document (lib/openapi.ts) against the real routes: every route file under
// app/api/v1 with each exported method is in the document and nothing else is; every real
// answer below (success and each error it can cheaply trigger) has its status documented and
// parses with the zod schema the document's JSON Schema was generated from (no JSON-Schema
// validator is installed, so the document's schema is also compared with z.toJSONSchema of it).
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import { API_SCOPES, closeQueues, generateApiKey, type ApiScope } from '@rundbrief/core';
import { apiErrorSchema } from '../lib/api-schemas.ts';
import { API_OPERATIONS, errorStatuses, jsonSchema, openApiDocument } from '../lib/openapi.ts';
import { sendableSetup } from '../../../packages/core/test/authoring/helpers.ts';
import { fromPeer } from './peer.ts';

// Small send-limit windows (may-send.ts reads them once per process; each test file is its own
// process), so the 429 cases below exhaust them in a few calls. The other cases stay below them.
process.env.TENANT_SIGNUPS_PER_HOUR = '5';
process.env.TENANT_TEST_SENDS_PER_HOUR = '3';

type Handler = (req: Request, route?: { params?: Promise<Record<string, string>> }) => Promise<Response>;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const API_DIR = join(import.meta.dirname, '../app/api/v1');

/** Every route file's methods, as "METHOD /api/v1/campaigns/{id}/send". */
async function routeHandlers(): Promise<Map<string, Handler>> {
  const out = new Map<string, Handler>();
  const files = (readdirSync(API_DIR, { recursive: true }) as string[]).filter((f) => /(^|\/)route\.tsx?$/.test(f));
  for (const file of files) {
    const dir = relative(API_DIR, join(API_DIR, file, '..'));
    const path = `/api/v1${dir ? `/${dir}` : ''}`.replace(/\[(\w+)\]/g, '{$1}');
    const mod = (await import(pathToFileURL(join(API_DIR, file)).href)) as Record<string, unknown>;
    for (const m of METHODS) if (typeof mod[m] === 'function') out.set(`${m} ${path}`, mod[m] as Handler);
  }
  return out;
}

const doc = openApiDocument();
const documented = new Set(Object.entries(doc.paths).flatMap(([p, ms]) => Object.keys(ms).map((m) => `${m.toUpperCase()} ${p}`)));

describe('OpenAPI document', () => {
  let routes: Map<string, Handler>;
  beforeAll(async () => {
    routes = await routeHandlers();
  });

  it('has exactly the route files and methods under app/api/v1', () => {
    expect(routes.size).toBeGreaterThan(20);
    expect([...routes.keys()].filter((k) => !documented.has(k)), 'routes missing from the document').toEqual([]);
    expect([...documented].filter((k) => !routes.has(k)), 'documented operations without a route').toEqual([]);
    expect(new Set(API_OPERATIONS.map((o) => `${o.method} ${o.path}`)).size).toBe(API_OPERATIONS.length);
  });

  it('is OpenAPI 3.1 with a bearer API key and every request/response schema generated from zod', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const op of API_OPERATIONS) {
      const o = (doc.paths[op.path] as Record<string, { requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, unknown> }>)[op.method.toLowerCase()]!;
      if (op.body) expect(o.requestBody!.content['application/json']!.schema).toEqual(jsonSchema(op.body, 'input'));
      expect(Object.keys(o.responses).map(Number).sort()).toEqual([op.success.status, ...errorStatuses(op)].sort());
    }
  });

  it('says of every keyed POST without a body schema and of every DELETE that it takes no body (and the route refuses one)', () => {
    const bodiless = API_OPERATIONS.filter((o) => ((o.method === 'POST' && !o.body) || o.method === 'DELETE') && o.scope);
    expect(bodiless.length).toBeGreaterThanOrEqual(12);
    expect(bodiless.filter((o) => !o.noBody).map((o) => o.path)).toEqual([]);
    for (const op of bodiless) {
      const o = (doc.paths[op.path] as Record<string, { requestBody?: unknown; responses: Record<string, { description: string }> }>)[op.method.toLowerCase()]!;
      expect(o.requestBody).toBeUndefined();
      expect(o.responses[400]!.description).toMatch(/takes no body.*\{\}/);
    }
  });

  it('is served at /api/v1/openapi.json without a key, cacheable', async () => {
    const res = await routes.get('GET /api/v1/openapi.json')!(new Request('http://localhost/api/v1/openapi.json'));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/public/);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});

describe('every route answers as the OpenAPI document says', () => {
  let routes: Map<string, Handler>;
  const seen = new Set<string>();
  beforeAll(async () => {
    routes = await routeHandlers();
    await truncateAll();
  });
  afterAll(async () => {
    await closeQueues();
    await getDb().$disconnect();
  });

  async function makeKey(tenantId: string, scopes: ApiScope[] = [...API_SCOPES]) {
    const { key, prefix, keyHash } = generateApiKey();
    await getDb().apiKey.create({ data: { tenantId, name: 'contract', prefix, keyHash, scopes } });
    return key;
  }

  /** Calls the real handler of `METHOD path`, checks the answer against the document, returns its JSON. */
  async function call(op: string, opts: { key?: string; id?: string; deliveryId?: string; body?: unknown; raw?: string; query?: string } = {}, expectStatus?: number) {
    const [method, path] = op.split(' ') as [string, string];
    const handler = routes.get(op);
    expect(handler, `no route for ${op}`).toBeDefined();
    const headers: Record<string, string> = fromPeer('198.51.100.7');
    if (opts.key) headers.authorization = `Bearer ${opts.key}`;
    const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    if (body !== undefined) headers['content-type'] = 'application/json';
    const url = `http://localhost${path.replace('{id}', opts.id ?? '').replace('{deliveryId}', opts.deliveryId ?? '')}${opts.query ?? ''}`;
    const params = { id: opts.id ?? '', ...(path.includes('{deliveryId}') ? { deliveryId: opts.deliveryId ?? '' } : {}) };
    const res = await handler!(new Request(url, { method, headers, body }), { params: Promise.resolve(params) });
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    if (expectStatus !== undefined) expect(res.status, `${op} -> ${text.slice(0, 300)}`).toBe(expectStatus);

    const spec = API_OPERATIONS.find((o) => `${o.method} ${o.path}` === op);
    expect(spec, `${op} is not in the document`).toBeDefined();
    const answer = (doc.paths[path] as Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>)[method.toLowerCase()]!.responses[res.status];
    expect(answer, `${op} answered ${res.status}, which the document does not list`).toBeDefined();
    const schema = res.status === spec!.success.status ? spec!.success.schema : apiErrorSchema;
    if (!schema) {
      expect(text, `${op} ${res.status} has no body`).toBe('');
      expect(answer!.content).toBeUndefined();
    } else {
      expect(answer!.content!['application/json']!.schema).toEqual(jsonSchema(schema, 'output'));
      const parsed = schema.safeParse(json);
      expect(parsed.success, `${op} ${res.status}: ${parsed.success ? '' : z.prettifyError(parsed.error)}\n${text.slice(0, 500)}`).toBe(true);
    }
    seen.add(`${op} ${res.status}`);
    return { status: res.status, json, headers: res.headers };
  }

  /** A DELETE with a body (one naming another id, garbage, too long) is refused with the reason; the caller checks nothing was deleted. */
  async function refuseDeleteBodies(op: string, key: string, id: string) {
    for (const raw of [JSON.stringify({ id: 'other' }), '{', '[]', 'null', 'x'.repeat(100_000)]) {
      const refused = await call(op, { key, id, raw }, 400);
      expect((refused.json as { error: unknown }).error).toEqual({ code: 'BAD_REQUEST', message: 'This request takes no body: send none, or an empty JSON object {}' });
    }
  }

  it('lists, subscribers and campaigns: success and errors', async () => {
    const s = await sendableSetup();
    const key = await makeKey(s.a.id);
    const keyB = await makeKey(s.b.id);
    const readOnly = await makeKey(s.a.id, ['lists:read', 'subscribers:read', 'campaigns:read']);
    const db = getDb();

    await call('GET /api/v1/openapi.json', {}, 200);
    // 401 without a key, on every keyed route.
    for (const op of API_OPERATIONS.filter((o) => o.scope)) await call(`${op.method} ${op.path}`, { id: s.campaignId, body: op.body ? {} : undefined }, 401);

    // Lists
    await call('GET /api/v1/lists', { key }, 200);
    await call('POST /api/v1/lists', { key, raw: '{not json' }, 400);
    await call('POST /api/v1/lists', { key, body: { name: '' } }, 422);
    await call('POST /api/v1/lists', { key: readOnly, body: { name: 'Nope' } }, 403);
    const list = (await call('POST /api/v1/lists', { key, body: { name: 'API list', optInMode: 'CONFIRMED' } }, 201)).json as { id: string };
    await call('GET /api/v1/lists/{id}', { key, id: list.id }, 200);
    await call('GET /api/v1/lists/{id}', { key: keyB, id: list.id }, 404);
    await call('PATCH /api/v1/lists/{id}', { key, id: list.id, body: { name: 'Renamed', optInMode: 'CONFIRMED' } }, 200);
    await call('PATCH /api/v1/lists/{id}', { key, id: list.id, body: { name: 'a\nb' } }, 422);
    await call('PATCH /api/v1/lists/{id}', { key: keyB, id: list.id, body: { name: 'pwned' } }, 404);
    await call('DELETE /api/v1/lists/{id}', { key: keyB, id: list.id }, 404);

    // Subscribers
    const made = (await call('POST /api/v1/subscribers', { key, body: { email: 'anna@shop.example', listIds: [list.id, s.list.id], firstName: 'Anna', attributes: {} } }, 201)).json as { subscriptions: { subscriberId: string }[] };
    const subId = made.subscriptions[0]!.subscriberId;
    await call('POST /api/v1/subscribers', { key, body: { email: 'x@shop.example', listIds: [] } }, 422);
    await call('POST /api/v1/subscribers', { key: keyB, body: { email: 'x@shop.example', listIds: [list.id] } }, 404);
    await call('GET /api/v1/subscribers', { key, query: '?limit=1' }, 200);
    await call('GET /api/v1/subscribers', { key, query: `?listId=${list.id}&q=anna` }, 200);
    await call('GET /api/v1/subscribers', { key, query: '?limit=0' }, 422);
    await call('GET /api/v1/subscribers', { key, query: '?cursor=garbage' }, 422);
    await call('GET /api/v1/subscribers/{id}', { key, id: subId }, 200);
    await call('GET /api/v1/subscribers/{id}', { key: keyB, id: subId }, 404);
    await call('PATCH /api/v1/subscribers/{id}', { key, id: subId, body: { lastName: 'Meier' } }, 200);
    await call('PATCH /api/v1/subscribers/{id}', { key, id: subId, body: { firstName: 5 } }, 422);
    await call('PATCH /api/v1/subscribers/{id}', { key: keyB, id: subId, body: { firstName: 'x' } }, 404);
    await call('DELETE /api/v1/subscribers/{id}', { key: keyB, id: subId }, 404);
    // DELETE takes no body: one is refused and nothing is erased or deleted; {} is no body.
    await refuseDeleteBodies('DELETE /api/v1/subscribers/{id}', key, subId);
    expect(await db.subscriber.findUniqueOrThrow({ where: { id: subId } })).toMatchObject({ email: 'anna@shop.example', lastName: 'Meier' });
    await call('DELETE /api/v1/subscribers/{id}', { key, id: subId, body: {} }, 204);
    await refuseDeleteBodies('DELETE /api/v1/lists/{id}', key, list.id);
    expect(await db.list.count({ where: { id: list.id } })).toBe(1);
    await call('DELETE /api/v1/lists/{id}', { key, id: list.id }, 204);
    expect(await db.list.count({ where: { id: list.id } })).toBe(0);

    // Campaigns
    const id = s.campaignId;
    await call('GET /api/v1/campaigns', { key }, 200);
    await call('GET /api/v1/campaigns', { key, query: '?status=NOPE' }, 422);
    const draft = (await call('POST /api/v1/campaigns', { key, body: { name: 'API draft', subject: 'Hello', listIds: [s.list.id] } }, 201)).json as { id: string };
    await call('POST /api/v1/campaigns', { key, body: { name: '' } }, 422);
    await call('POST /api/v1/campaigns', { key, body: { name: 'x', templateId: '00000000-0000-4000-8000-000000000000' } }, 404);
    await call('GET /api/v1/campaigns/{id}', { key, id: draft.id }, 200);
    await call('GET /api/v1/campaigns/{id}', { key: keyB, id: draft.id }, 404);
    await call('PATCH /api/v1/campaigns/{id}', { key, id: draft.id, body: { preheader: 'Pre', trackOpens: false } }, 200);
    await call('PATCH /api/v1/campaigns/{id}', { key, id: draft.id, body: { subject: 'x\ny' } }, 422);
    // A/B test: variants through the API, answered with the documented abTest shape; a bad share is a 422
    const ab = (await call('PATCH /api/v1/campaigns/{id}', { key, id: draft.id, body: { abTest: { differs: ['subject'], testPercent: 30, metric: 'CLICK', waitMinutes: 90, variants: [{ subject: 'One' }, { subject: 'Two' }] } } }, 200)).json as { abTest: { variants: { label: string; subject: string }[]; testPercent: number } };
    expect(ab.abTest).toMatchObject({ testPercent: 30, variants: [{ label: 'A', subject: 'One' }, { label: 'B', subject: 'Two' }] });
    await call('PATCH /api/v1/campaigns/{id}', { key, id: draft.id, body: { abTest: { differs: ['subject'], testPercent: 80, metric: 'OPEN', waitMinutes: 90, variants: [{ subject: 'One' }, { subject: 'Two' }] } } }, 422);
    await call('PATCH /api/v1/campaigns/{id}', { key: keyB, id: draft.id, body: { subject: 'pwned' } }, 404);
    await call('DELETE /api/v1/campaigns/{id}', { key: keyB, id: draft.id }, 404);
    await call('GET /api/v1/campaigns/{id}/checklist', { key, id }, 200);
    await call('GET /api/v1/campaigns/{id}/checklist', { key: keyB, id }, 404);

    const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const when = { sendAt: `${day}T09:00`, timezone: 'Europe/Berlin' };
    await call('POST /api/v1/campaigns/{id}/schedule', { key, id: draft.id, body: when }, 412);
    await call('POST /api/v1/campaigns/{id}/schedule', { key, id, body: {} }, 422);
    await call('POST /api/v1/campaigns/{id}/schedule', { key: keyB, id, body: when }, 404);
    await call('POST /api/v1/campaigns/{id}/schedule', { key, id, body: when }, 200);
    await call('POST /api/v1/campaigns/{id}/schedule', { key, id, body: when }, 409);
    await call('PATCH /api/v1/campaigns/{id}', { key, id, body: { subject: 'Late edit' } }, 409);
    await call('DELETE /api/v1/campaigns/{id}', { key, id }, 409);
    await call('DELETE /api/v1/campaigns/{id}/schedule', { key: keyB, id }, 404);
    await refuseDeleteBodies('DELETE /api/v1/campaigns/{id}/schedule', key, id);
    expect((await db.campaign.findUniqueOrThrow({ where: { id } })).status).toBe('SCHEDULED');
    await call('DELETE /api/v1/campaigns/{id}/schedule', { key, id, raw: ' {} ' }, 204);
    await call('DELETE /api/v1/campaigns/{id}/schedule', { key, id }, 409);

    await call('POST /api/v1/campaigns/{id}/test-send', { key, id, body: { recipients: ['tester@shop.example'] } }, 200);
    await call('POST /api/v1/campaigns/{id}/test-send', { key, id, body: { recipients: [] } }, 422);
    await call('POST /api/v1/campaigns/{id}/test-send', { key: keyB, id, body: { recipients: ['x@shop.example'] } }, 404);

    await call('POST /api/v1/campaigns/{id}/send', { key, id: draft.id }, 412);
    await call('POST /api/v1/campaigns/{id}/send', { key: keyB, id }, 404);
    await call('POST /api/v1/campaigns/{id}/send', { key: readOnly, id }, 403);
    // The controls take no body: anything but none or {} is refused before the use case runs.
    for (const raw of ['{"sendAt":"now"}', '[]', 'null', '{', 'x'.repeat(100_000)]) await call('POST /api/v1/campaigns/{id}/send', { key, id, raw }, 400);
    expect((await db.campaign.findUniqueOrThrow({ where: { id } })).status).toBe('DRAFT');
    await call('POST /api/v1/campaigns/{id}/send', { key, id }, 202);
    await call('GET /api/v1/campaigns/{id}/progress', { key, id }, 200);
    await call('GET /api/v1/campaigns/{id}/progress', { key: keyB, id }, 404);
    await call('POST /api/v1/campaigns/{id}/pause', { key, id }, 409);
    await call('POST /api/v1/campaigns/{id}/pause', { key: keyB, id }, 404);
    // As the worker's start leaves it (no worker runs here).
    await db.campaign.update({ where: { id }, data: { status: 'SENDING', startedAt: new Date(), recipientCount: 3, sentCount: 1 } });
    await call('POST /api/v1/campaigns/{id}/pause', { key, id, body: { reason: 'mine' } }, 400);
    await call('POST /api/v1/campaigns/{id}/pause', { key, id, body: {} }, 200);
    await call('POST /api/v1/campaigns/{id}/resume', { key: keyB, id }, 404);
    await call('POST /api/v1/campaigns/{id}/resume', { key, id, body: { at: 'later' } }, 400);
    await call('POST /api/v1/campaigns/{id}/resume', { key, id, raw: ' {} ' }, 200);
    await call('POST /api/v1/campaigns/{id}/resume', { key, id }, 409);
    await call('POST /api/v1/campaigns/{id}/cancel', { key: keyB, id }, 404);
    await call('POST /api/v1/campaigns/{id}/cancel', { key, id, body: { confirm: true } }, 400);
    expect((await db.campaign.findUniqueOrThrow({ where: { id } })).status).toBe('SENDING');
    await call('POST /api/v1/campaigns/{id}/cancel', { key, id, raw: '' }, 200);
    await call('POST /api/v1/campaigns/{id}/cancel', { key, id }, 409);
    await refuseDeleteBodies('DELETE /api/v1/campaigns/{id}', key, id);
    expect(await db.campaign.count({ where: { id } })).toBe(1);
    await call('DELETE /api/v1/campaigns/{id}', { key, id }, 204);
    await call('DELETE /api/v1/campaigns/{id}', { key, id: draft.id, body: {} }, 204);
    expect(await db.campaign.count({ where: { id: { in: [id, draft.id] } } })).toBe(0);
  });

  it('webhooks: success and errors', async () => {
    const { a, b } = await seedTwoTenants();
    const key = await makeKey(a.id, ['webhooks:manage']);
    const keyB = await makeKey(b.id, ['webhooks:manage']);
    const noScope = await makeKey(a.id, ['lists:read']);
    await call('GET /api/v1/webhooks', { key }, 200);
    await call('GET /api/v1/webhooks', { key: noScope }, 403);
    await call('POST /api/v1/webhooks', { key, raw: '{' }, 400);
    await call('POST /api/v1/webhooks', { key, body: { url: 'http://10.0.0.1/hook', events: ['subscriber.created'] } }, 422);
    await call('POST /api/v1/webhooks', { key, body: { url: 'https://hooks.example.com/x', events: [] } }, 422);
    const made = (await call('POST /api/v1/webhooks', { key, body: { url: 'https://hooks.example.com/x', events: ['subscriber.created', 'campaign.finished'] } }, 201)).json as { id: string; secret: string };
    expect(made.secret).toMatch(/^whsec_/);
    const one = (await call('GET /api/v1/webhooks/{id}', { key, id: made.id }, 200)).json as Record<string, unknown>;
    expect(one).not.toHaveProperty('secret');
    await call('GET /api/v1/webhooks/{id}', { key: keyB, id: made.id }, 404);
    await call('GET /api/v1/webhooks/{id}', { key, id: 'not-a-uuid' }, 404);

    // Test event, delivery log, resend, rotation (no worker runs here: the deliveries stay PENDING).
    await call('POST /api/v1/webhooks/{id}/test', { key, id: made.id, body: { type: 'campaign.finished' } }, 400);
    expect(await getDb().webhookDelivery.count({ where: { endpointId: made.id } })).toBe(0);
    const tested = (await call('POST /api/v1/webhooks/{id}/test', { key, id: made.id }, 202)).json as { deliveryId: string };
    await call('POST /api/v1/webhooks/{id}/test', { key: keyB, id: made.id }, 404);
    await call('POST /api/v1/webhooks/{id}/test', { key: noScope, id: made.id }, 403);
    const log = (await call('GET /api/v1/webhooks/{id}/deliveries', { key, id: made.id, query: '?limit=1&status=PENDING' }, 200)).json as { items: { id: string; type: string }[] };
    expect(log.items).toMatchObject([{ id: tested.deliveryId, type: 'webhook.test' }]);
    await call('GET /api/v1/webhooks/{id}/deliveries', { key, id: made.id, query: '?status=NOPE' }, 422);
    await call('GET /api/v1/webhooks/{id}/deliveries', { key, id: made.id, query: '?cursor=garbage' }, 422);
    await call('GET /api/v1/webhooks/{id}/deliveries', { key: keyB, id: made.id }, 404);
    await call('GET /api/v1/webhooks/{id}/deliveries', { key, id: 'not-a-uuid' }, 404);
    await call('POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/resend', { key, id: made.id, deliveryId: tested.deliveryId, body: { delaySeconds: 60 } }, 400);
    await call('POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/resend', { key, id: made.id, deliveryId: tested.deliveryId }, 202);
    await call('POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/resend', { key: keyB, id: made.id, deliveryId: tested.deliveryId }, 404);
    await call('POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/resend', { key, id: made.id, deliveryId: 'not-a-uuid' }, 404);
    // A rotation that looks as if it set the secret is refused; the stored one stays.
    const before = await getDb().webhookEndpoint.findUniqueOrThrow({ where: { id: made.id } });
    const refused = await call('POST /api/v1/webhooks/{id}/rotate', { key, id: made.id, body: { secret: 'whsec_mine' } }, 400);
    expect((refused.json as { error: { code: string; message: string } }).error).toEqual({ code: 'BAD_REQUEST', message: 'This request takes no body: send none, or an empty JSON object {}' });
    expect(await getDb().webhookEndpoint.findUniqueOrThrow({ where: { id: made.id } })).toEqual(before);
    const rotated = (await call('POST /api/v1/webhooks/{id}/rotate', { key, id: made.id, body: {} }, 200)).json as { secret: string };
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(made.secret);
    await call('POST /api/v1/webhooks/{id}/rotate', { key: keyB, id: made.id }, 404);
    await call('PATCH /api/v1/webhooks/{id}', { key, id: made.id, body: { enabled: false, events: ['subscriber.erased'] } }, 200);
    await call('PATCH /api/v1/webhooks/{id}', { key, id: made.id, body: { url: 'https://169.254.169.254/latest' } }, 422);
    await call('PATCH /api/v1/webhooks/{id}', { key: keyB, id: made.id, body: { enabled: true } }, 404);
    await call('DELETE /api/v1/webhooks/{id}', { key: keyB, id: made.id }, 404);
    // Disabled: neither a test event nor a resend.
    await call('POST /api/v1/webhooks/{id}/test', { key, id: made.id }, 409);
    await call('POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/resend', { key, id: made.id, deliveryId: tested.deliveryId }, 409);
    expect(await getDb().webhookEndpoint.findUniqueOrThrow({ where: { id: made.id } })).toMatchObject({ enabled: false, events: ['subscriber.erased'], url: 'https://hooks.example.com/x' });
    await refuseDeleteBodies('DELETE /api/v1/webhooks/{id}', key, made.id);
    expect(await getDb().webhookEndpoint.count({ where: { id: made.id } })).toBe(1);
    expect(await getDb().webhookDelivery.count({ where: { endpointId: made.id } })).toBeGreaterThan(0);
    await call('DELETE /api/v1/webhooks/{id}', { key, id: made.id, body: {} }, 204);
    await call('DELETE /api/v1/webhooks/{id}', { key, id: made.id }, 404);
  });

  it('423 while the account is suspended, on any keyed route; nothing is written', async () => {
    await truncateAll();
    const s = await sendableSetup();
    const key = await makeKey(s.a.id);
    const db = getDb();
    await call('GET /api/v1/lists', { key }, 200);
    await db.tenant.update({ where: { id: s.a.id }, data: { status: 'SUSPENDED', suspendedReason: 'abuse report' } });
    const refused = [
      await call('GET /api/v1/lists', { key }, 423),
      await call('POST /api/v1/subscribers', { key, body: { email: 'late@shop.example', listIds: [s.list.id] } }, 423),
      await call('POST /api/v1/campaigns/{id}/send', { key, id: s.campaignId }, 423),
      await call('POST /api/v1/campaigns/{id}/test-send', { key, id: s.campaignId, body: { recipients: ['tester@shop.example'] } }, 423),
      await call('GET /api/v1/webhooks', { key }, 423),
    ];
    for (const r of refused) expect((r.json as { error: { code: string } }).error.code).toBe('SUSPENDED');
    expect(await db.subscriber.count({ where: { tenantId: s.a.id } })).toBe(0);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: s.campaignId } })).status).toBe('DRAFT');
    // Lifted: the same key works again.
    await db.tenant.update({ where: { id: s.a.id }, data: { status: 'ACTIVE', suspendedReason: null } });
    await call('GET /api/v1/lists', { key }, 200);
  });

  it('429 with Retry-After once a send-limit window is used up (sign-ups, test mails); nothing is written', async () => {
    await truncateAll();
    const s = await sendableSetup();
    const key = await makeKey(s.a.id);
    const db = getDb();
    // TENANT_SIGNUPS_PER_HOUR=5: five sign-ups, the sixth is refused.
    for (let i = 0; i < 5; i++) await call('POST /api/v1/subscribers', { key, body: { email: `fan${i}@shop.example`, listIds: [s.list.id] } }, 201);
    const signup = await call('POST /api/v1/subscribers', { key, body: { email: 'fan5@shop.example', listIds: [s.list.id] } }, 429);
    expect((signup.json as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect(Number(signup.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await db.subscriber.count({ where: { tenantId: s.a.id, email: 'fan5@shop.example' } })).toBe(0);
    // TENANT_TEST_SENDS_PER_HOUR=3: three test mails in one call, the next one is refused.
    await call('POST /api/v1/campaigns/{id}/test-send', { key, id: s.campaignId, body: { recipients: ['t1@shop.example', 't2@shop.example', 't3@shop.example'] } }, 200);
    const test = await call('POST /api/v1/campaigns/{id}/test-send', { key, id: s.campaignId, body: { recipients: ['t4@shop.example'] } }, 429);
    expect((test.json as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect(Number(test.headers.get('retry-after'))).toBeGreaterThan(0);
    // Reads are not limited by the send windows.
    await call('GET /api/v1/subscribers', { key }, 200);
  });

  it('every documented 423 and 429 is answered by some case above', () => {
    const missing = API_OPERATIONS.flatMap((op) => errorStatuses(op).filter((x) => x === 429).map((x) => `${op.method} ${op.path} ${x}`)).filter((k) => !seen.has(k));
    expect(missing, 'documented 429 never produced (fix the document, or add a case)').toEqual([]);
    const suspended = [...seen].filter((k) => k.endsWith(' 423'));
    expect(suspended.length).toBeGreaterThanOrEqual(2);
  });

  it('covered the success, 401, 404 (item routes), 422 (body or query) and 400 (no body taken) answer of every operation', () => {
    const missing: string[] = [];
    for (const op of API_OPERATIONS) {
      const name = `${op.method} ${op.path}`;
      const want = [op.success.status, ...(op.scope ? [401] : []), ...(op.params ? [404] : []), ...(op.body || op.query ? [422] : []), ...(op.noBody ? [400] : [])];
      for (const status of want) if (!seen.has(`${name} ${status}`)) missing.push(`${name} ${status}`);
    }
    expect(missing).toEqual([]);
  });
});
