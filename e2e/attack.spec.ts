// Cross-tenant attack (issue 17, item 2): tenant B, signed in and with its own API key,
// calls every server action and every route handler of the app with tenant A's ids and a
// smuggled `tenantId: A`. Nothing of A may change (a fingerprint of every table A owns,
// before and after each call), nothing may answer 500, B's rows may not come to name A's
// records, and a GET may not show A's data. The actions and routes are read from the source
// and the build, so one without a case in attack-cases.ts fails the suite.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { getDb } from '@rundbrief/db';
import { closeQueues } from '@rundbrief/core';
import {
  actionManifest, callAction, callRoute, changedTables, crossLinks, fingerprint, idsOf, isRefusal, isServerFault, pageFor, ROOT, routesInSource, seedTenant,
  serverActionsInSource, signIn, type Answer,
} from './attack-kit.ts';
import { ACTION_CASES, form, ROUTE_CASES, type Expect, type World } from './attack-cases.ts';

test.describe.configure({ mode: 'serial' });

let w: World;

test.beforeAll(async () => {
  w = { a: await seedTenant('a'), b: await seedTenant('b') };
});

test.afterAll(async () => {
  await closeQueues();
  await getDb().$disconnect();
});

// Calls that would end B's session if they wrongly succeeded run last.
const LAST = ['app/app/settings/account/actions.ts#changePasswordAction', 'app/app/settings/security/actions.ts#deleteTenantAction'];

test('every server action and route handler has an attack case', () => {
  const inSource = serverActionsInSource();
  const built = [...actionManifest().keys()];
  expect(inSource.length).toBeGreaterThan(50);
  expect([...new Set([...inSource, ...built])].filter((k) => !ACTION_CASES[k]), 'actions without a case').toEqual([]);
  expect(Object.keys(ACTION_CASES).filter((k) => !inSource.includes(k)), 'cases of actions that no longer exist').toEqual([]);
  const routes = routesInSource();
  expect(routes.length).toBeGreaterThan(30);
  expect(routes.filter((k) => !ROUTE_CASES[k]), 'routes without a case').toEqual([]);
  expect(Object.keys(ROUTE_CASES).filter((k) => !routes.includes(k)), 'cases of routes that no longer exist').toEqual([]);
});

test('tenant B changes nothing of tenant A through any action or route', async () => {
  test.setTimeout(600_000);
  const cookie = await signIn(w.b.owner.email, w.b.owner.password);
  const bearer = { authorization: `Bearer ${w.b.apiKey}` };
  const manifest = actionManifest();
  const findings: string[] = [];
  const answers: Record<string, string> = {};
  const stats = { actions: 0, routes: 0, calls: 0, writes: 0, status500: 0 };

  // The harness reaches the code: B's own list through an action, B's key on the API.
  const control = async () => {
    const ref = manifest.get('app/app/lists/actions.ts#updateListAction')!;
    const name = `List B ${Date.now()}`;
    const ans = await callAction(ref, pageFor(ref, w.b), [w.b.listId, undefined, form(w, { name, optInMode: 'DOUBLE' })], cookie);
    expect(ans, 'B may change its own list').toMatchObject({ ok: true });
    expect((await getDb().list.findUniqueOrThrow({ where: { id: w.b.listId } })).name).toBe(name);
    expect((await callRoute('GET', `/api/v1/lists/${w.b.listId}`, { headers: bearer })).status).toBe(200);
  };
  await control();

  async function attempt(label: string, expected: Expect, call: () => Promise<Answer>, isRead = false) {
    const before = await fingerprint(w.a.tenantId);
    const ans = await call();
    const changed = changedTables(before, await fingerprint(w.a.tenantId));
    stats.calls++;
    const said = `${ans.status}${ans.code ? ` ${ans.code}` : ''}${ans.ok === null ? '' : ` ok:${ans.ok}`}`;
    answers[label] = said;
    if (changed.length) { stats.writes++; findings.push(`${label}: changed A's ${changed.join(', ')} (answered ${said})`); }
    if (isServerFault(ans)) { stats.status500++; findings.push(`${label}: answered ${said}: ${ans.body.slice(0, 300)}`); }
    if (expected === 'refused' && !isRefusal(ans)) findings.push(`${label}: expected a refusal, got ${said}`);
    if (isRead && ans.body.includes(w.a.slug)) findings.push(`${label}: shows A's data`);
  }

  const actionKeys = Object.keys(ACTION_CASES).sort((x, y) => Number(LAST.includes(x)) - Number(LAST.includes(y)) || x.localeCompare(y));
  for (const key of actionKeys) {
    const c = ACTION_CASES[key]!;
    const ref = manifest.get(key);
    if (!ref) throw new Error(`${key} is not in the build's server-reference manifest`);
    const at = c.page ? c.page(w) : pageFor(ref, w.b);
    for (const [i, args] of c.calls(w).entries()) {
      stats.actions++;
      await attempt(`${key} #${i + 1}`, c.expect, () => callAction(ref, at, args, cookie));
    }
  }
  for (const [key, c] of Object.entries(ROUTE_CASES)) {
    const method = key.split(' ')[1]!;
    for (const [i, call] of c.calls(w).entries()) {
      stats.routes++;
      // Both credentials at once: the session for the app's routes, the key for /api/v1.
      const headers = { cookie, ...bearer, ...call.headers };
      await attempt(`${key} #${i + 1}`, c.expect, () => callRoute(method, call.url, { headers, body: call.body }), method === 'GET');
    }
  }
  await control();

  const links = await crossLinks(w.b.tenantId, idsOf(w.a));
  fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'test-results/attack.json'), JSON.stringify({ ...stats, crossLinks: links, findings, answers }, null, 2));
  expect(findings, 'what B could do to A').toEqual([]);
  expect(links, "tables where B's rows name A's records").toEqual([]);
});
