// /api/v1/campaigns end to end against real Postgres: create, read, patch, checklist,
// schedule (blocked with reasons, then allowed), cancel; tenant B's key sees 404s only.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { closeQueues, generateApiKey, type ApiScope } from '@rundbrief/core';
import { STARTER_TEMPLATES, zonedTimeToUtc } from '@rundbrief/core/authoring/index';
import { GET as list, POST as create } from '../app/api/v1/campaigns/route.ts';
import { DELETE as remove, GET as read, PATCH as patch } from '../app/api/v1/campaigns/[id]/route.ts';
import { DELETE as cancel, POST as schedule } from '../app/api/v1/campaigns/[id]/schedule/route.ts';
import { GET as checklist } from '../app/api/v1/campaigns/[id]/checklist/route.ts';
import { POST as sendNow } from '../app/api/v1/campaigns/[id]/send/route.ts';
import { GET as progress } from '../app/api/v1/campaigns/[id]/progress/route.ts';
import { POST as pause } from '../app/api/v1/campaigns/[id]/pause/route.ts';
import { POST as resume } from '../app/api/v1/campaigns/[id]/resume/route.ts';
import { POST as cancelSend } from '../app/api/v1/campaigns/[id]/cancel/route.ts';
import { sendableSetup } from '../../../packages/core/test/authoring/helpers.ts';
import { fromPeer } from './peer.ts';

type Handler = (req: Request, route?: { params?: Promise<{ id: string }> }) => Promise<Response>;

async function makeKey(tenantId: string, scopes: ApiScope[] = ['campaigns:read', 'campaigns:write']) {
  const { key, prefix, keyHash } = generateApiKey();
  await getDb().apiKey.create({ data: { tenantId, name: 'test', prefix, keyHash, scopes } });
  return key;
}

async function call(h: Handler, key: string, opts: { id?: string; method?: string; body?: unknown; query?: string } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, ...fromPeer('198.51.100.7') };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const req = new Request(`http://localhost/api/v1/campaigns${opts.query ?? ''}`, { method: opts.method ?? 'GET', headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const res = await h(req, { params: Promise.resolve({ id: opts.id ?? '' }) });
  return { status: res.status, json: res.status === 204 ? null : await res.json() };
}

describe('/api/v1/campaigns', () => {
  beforeEach(truncateAll);
  afterAll(async () => {
    await closeQueues();
    await getDb().$disconnect();
  });

  it('creates a campaign, refuses to schedule it with the reasons, then schedules and cancels', async () => {
    const s = await sendableSetup();
    const key = await makeKey(s.a.id);
    const noUnsub = STARTER_TEMPLATES.plain.mjml.replace('<a href="{{ unsubscribe_url }}" style="color:#6b7280">Unsubscribe</a> ·', '');
    const made = await call(create, key, { method: 'POST', body: { name: 'API', subject: 'Hi {{ firstName }}', identityId: s.identity.id, listIds: [s.list.id], mjml: noUnsub } });
    expect(made.status).toBe(201);
    const id = made.json.id as string;
    expect(made.json).toMatchObject({ status: 'DRAFT', subject: 'Hi {{ firstName }}', listIds: [s.list.id] });

    const check = await call(checklist, key, { id });
    expect(check.json.sendable).toBe(false);
    expect(check.json.items).toContainEqual(expect.objectContaining({ id: 'unsubscribe', ok: false, severity: 'block' }));
    // the codes for the app's own pages (coreTexts) stay out of the API: English messages only
    for (const item of check.json.items) expect(Object.keys(item).sort()).toEqual(expect.arrayContaining(['id', 'message', 'ok', 'severity']));
    expect(check.json.items.filter((i: object) => 'text' in i || 'variant' in i)).toEqual([]);

    const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const when = { sendAt: `${day}T09:00`, timezone: 'Europe/Berlin' };
    const refused = await call(schedule, key, { id, method: 'POST', body: when });
    expect(refused.status).toBe(412);
    expect(refused.json.error).toMatchObject({ code: 'PRECONDITION', message: expect.stringMatching(/Add an unsubscribe link/) });

    expect((await call(patch, key, { id, method: 'PATCH', body: { mjml: STARTER_TEMPLATES.plain.mjml } })).status).toBe(200);
    const ok = await call(schedule, key, { id, method: 'POST', body: when });
    expect(ok.status).toBe(200);
    expect(ok.json.scheduledAt).toBe(zonedTimeToUtc(when.sendAt, 'Europe/Berlin').toISOString());
    expect((await call(read, key, { id })).json).toMatchObject({ status: 'SCHEDULED', timezone: 'Europe/Berlin' });
    expect((await call(cancel, key, { id, method: 'DELETE' })).status).toBe(204);
    expect((await call(read, key, { id })).json.status).toBe('DRAFT');
    expect((await call(patch, key, { id, method: 'PATCH', body: { subject: 'x\ny' } })).status).toBe(422);
  });

  it("gives tenant B's key 404 on every route for A's campaign, and a read-only key 403 on writes", async () => {
    const s = await sendableSetup();
    const keyB = await makeKey(s.b.id);
    const id = s.campaignId;
    for (const [h, method, body] of [
      [read, 'GET'], [patch, 'PATCH', { subject: 'pwned' }], [remove, 'DELETE'], [checklist, 'GET'],
      [schedule, 'POST', { sendAt: `${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}T09:00`, timezone: 'UTC' }], [cancel, 'DELETE'],
    ] as [Handler, string, unknown?][]) {
      const r = await call(h, keyB, { id, method, body });
      expect(r.status, `${method}`).toBe(404);
    }
    expect((await call(list, keyB)).json).toMatchObject({ data: [], total: 0 });
    const readOnly = await makeKey(s.a.id, ['campaigns:read']);
    expect((await call(patch, readOnly, { id, method: 'PATCH', body: { subject: 'x' } })).status).toBe(403);
    expect((await call(read, readOnly, { id })).json.subject).toBe('News for {{ firstName | "you" }}');
  });
  it('lists newest first in pages, searches name and subject literally, filters by status; a bad parameter is a 422', async () => {
    const s = await sendableSetup();
    const key = await makeKey(s.a.id);
    const db = getDb();
    for (let i = 1; i <= 12; i++) {
      await db.campaign.create({ data: { tenantId: s.a.id, name: `Weekly ${i}`, subject: i === 3 ? '50% off' : `Issue ${i}`, mjml: '', createdAt: new Date(Date.UTC(2026, 0, i)) } });
    }
    const first = await call(list, key, { query: '?pageSize=5' });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ total: 13, page: 1, pageSize: 5 }); // 12 + the setup's campaign
    expect(first.json.data).toHaveLength(5);
    const third = await call(list, key, { query: '?pageSize=5&page=3' });
    expect(third.json.data).toHaveLength(3);
    const all = [...first.json.data, ...(await call(list, key, { query: '?pageSize=5&page=2' })).json.data, ...third.json.data] as { id: string; createdAt: string }[];
    expect(new Set(all.map((c) => c.id)).size).toBe(13);
    const times = all.map((c) => Date.parse(c.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    expect((await call(list, key, { query: '?q=weekly%201' })).json.data.map((c: { name: string }) => c.name).sort()).toEqual(['Weekly 1', 'Weekly 10', 'Weekly 11', 'Weekly 12']);
    // "%" is the literal character, not a wildcard: only the subject that has it.
    expect((await call(list, key, { query: '?q=%25' })).json.data.map((c: { name: string }) => c.name)).toEqual(['Weekly 3']);
    expect((await call(list, key, { query: '?q=_' })).json.total).toBe(0);
    expect((await call(list, key, { query: '?status=SENT' })).json).toMatchObject({ data: [], total: 0 });
    expect((await call(list, key, { query: '?status=DRAFT' })).json.total).toBe(13);

    for (const query of ['?status=NOPE', '?page=0', '?pageSize=1000', '?page=abc']) {
      const bad = await call(list, key, { query });
      expect(bad.status, query).toBe(422);
      expect(bad.json.error.code).toBe('VALIDATION');
    }
    // Another tenant's key sees none of them, whatever it searches for.
    expect((await call(list, await makeKey(s.b.id), { query: '?q=weekly' })).json).toMatchObject({ data: [], total: 0 });
  });
  it('sends now, reports progress, pauses, resumes and cancels; refusals are 412 / 409 / 404 / 403, never a 500', async () => {
    const s = await sendableSetup();
    const key = await makeKey(s.a.id);
    const id = s.campaignId;
    const db = getDb();

    // Not sendable (no content): 412 with the checklist's reason, nothing changed.
    const { id: empty } = await db.campaign.create({ data: { tenantId: s.a.id, name: 'Empty', subject: '', mjml: '' } });
    const refused = await call(sendNow, key, { id: empty, method: 'POST' });
    expect(refused.status).toBe(412);
    expect(refused.json.error.code).toBe('PRECONDITION');
    expect((await db.campaign.findUniqueOrThrow({ where: { id: empty } })).status).toBe('DRAFT');

    const sent = await call(sendNow, key, { id, method: 'POST' });
    expect(sent.status).toBe(202);
    expect(sent.json).toMatchObject({ status: 'SCHEDULED', percent: 0 });
    // Asking again while it waits for the worker is harmless (the start is conditional).
    expect((await call(sendNow, key, { id, method: 'POST' })).json).toMatchObject({ status: 'SCHEDULED' });
    // Only a sending campaign can be paused.
    expect((await call(pause, key, { id, method: 'POST' })).json.error.code).toBe('CONFLICT');

    // As the worker's start leaves it (no worker runs in this test):
    await db.campaign.update({ where: { id }, data: { status: 'SENDING', startedAt: new Date(), recipientCount: 3, sentCount: 1 } });
    const p = await call(progress, key, { id });
    expect(p.status).toBe(200);
    expect(p.json).toMatchObject({ status: 'SENDING', recipientCount: 3, sent: 1, remaining: 2, percent: 33.3 });
    expect(p.json).not.toHaveProperty('texts');
    expect((await call(pause, key, { id, method: 'POST' })).json).toMatchObject({ status: 'PAUSED', pauseReason: 'Paused through the API' });
    expect((await call(resume, key, { id, method: 'POST' })).json).toMatchObject({ status: 'SENDING', pauseReason: null });
    expect((await call(cancelSend, key, { id, method: 'POST' })).json).toMatchObject({ status: 'CANCELLED' });
    const again = await call(cancelSend, key, { id, method: 'POST' });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toMatch(/cancelled campaign cannot be cancelled/);
    expect((await call(resume, key, { id, method: 'POST' })).status).toBe(409);
    expect((await call(sendNow, key, { id, method: 'POST' })).status).toBe(409);

    // Another tenant: 404 everywhere; a malformed id: 404; a read-only key: progress yes, control no.
    const keyB = await makeKey(s.b.id);
    for (const h of [sendNow, pause, resume, cancelSend]) expect((await call(h, keyB, { id, method: 'POST' })).status).toBe(404);
    expect((await call(progress, keyB, { id })).status).toBe(404);
    expect((await call(progress, key, { id: 'not-a-uuid' })).status).toBe(404);
    const readOnly = await makeKey(s.a.id, ['campaigns:read']);
    expect((await call(progress, readOnly, { id })).status).toBe(200);
    expect((await call(pause, readOnly, { id, method: 'POST' })).status).toBe(403);
    expect((await db.campaign.findUniqueOrThrow({ where: { id } })).status).toBe('CANCELLED');
  });
});
