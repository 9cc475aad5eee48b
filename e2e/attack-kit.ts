// Tools of the cross-tenant attack (attack.spec.ts) and the hostile-input suite: two seeded
// tenants with one of every record, a fingerprint of everything a tenant owns, the app's
// server actions and route handlers found from the source and the build (so a new one
// cannot be left out), and calls made the way a browser or an API client makes them.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { getDb } from '@rundbrief/db';
import { encryptSecret, generateApiKey, hashPassword, preferencesToken, sha256, signToken } from '@rundbrief/core';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WEB = path.join(ROOT, 'apps/web');
export const BASE = `http://localhost:${process.env.E2E_PORT ?? 3200}`;

// ---------------------------------------------------------------------------------------
// Two tenants, one of each record

export type Fixture = Awaited<ReturnType<typeof seedTenant>>;

export async function seedTenant(label: string) {
  const db = getDb();
  const stamp = `${label}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const password = `Attack-${stamp}-pw!9`;
  const domainName = `${stamp}.example.net`;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = new Date();
  const tenant = await db.tenant.create({ data: { name: `Tenant ${stamp}`, slug: stamp, imprint: `Imprint ${stamp}`, abuseContact: `abuse@${domainName}` } });
  const tenantId = tenant.id;
  const owner = await db.user.create({ data: { email: `owner@${domainName}`, name: `Owner ${label}`, passwordHash: await hashPassword(password) } });
  const ownerMembership = await db.membership.create({ data: { tenantId, userId: owner.id, role: 'OWNER' } });
  const viewer = await db.user.create({ data: { email: `viewer@${domainName}`, passwordHash: await hashPassword(`${password}-v`) } });
  const viewerMembership = await db.membership.create({ data: { tenantId, userId: viewer.id, role: 'VIEWER' } });
  const inviteToken = randomBytes(24).toString('base64url');
  const invitation = await db.invitation.create({
    data: { tenantId, email: `invitee@${domainName}`, role: 'MARKETER', tokenHash: sha256(inviteToken), invitedBy: owner.id, expiresAt: new Date(now.getTime() + 86_400_000) },
  });
  const k = generateApiKey();
  const apiKey = await db.apiKey.create({
    data: { tenantId, name: `key ${label}`, prefix: k.prefix, keyHash: k.keyHash, createdBy: owner.id,
      scopes: ['subscribers:read', 'subscribers:write', 'lists:read', 'lists:write', 'campaigns:read', 'campaigns:write', 'events:read', 'webhooks:manage'] },
  });
  const domain = await db.senderDomain.create({
    data: {
      tenantId, domain: domainName, dkimSelector: 'rb1',
      dkimPublicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      dkimPrivateKeyEnc: encryptSecret(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
      spfStatus: 'PASS', dkimStatus: 'PASS', dmarcStatus: 'PASS', mxStatus: 'PASS', lastCheckedAt: now, verifiedAt: now,
    },
  });
  const identity = await db.senderIdentity.create({ data: { tenantId, domainId: domain.id, fromName: `News ${label}`, localPart: 'news', replyTo: `hello@${domainName}` } });
  const list = await db.list.create({ data: { tenantId, name: `List ${label}`, optInMode: 'DOUBLE' } });
  const field = await db.customField.create({ data: { tenantId, key: 'company', label: 'Company', type: 'TEXT' } });
  const subscriber = await db.subscriber.create({ data: { tenantId, email: `person@${domainName}`, firstName: 'Pat', lastName: label, attributes: { company: label } } });
  const confirmToken = randomBytes(24).toString('base64url');
  const subscription = await db.subscription.create({
    data: { tenantId, listId: list.id, subscriberId: subscriber.id, status: 'PENDING', source: 'FORM', tokenHash: sha256(confirmToken), tokenExpiresAt: new Date(now.getTime() + 86_400_000) },
  });
  const confirmedSubscriber = await db.subscriber.create({ data: { tenantId, email: `reader@${domainName}` } });
  await db.subscription.create({ data: { tenantId, listId: list.id, subscriberId: confirmedSubscriber.id, status: 'CONFIRMED', source: 'IMPORT', confirmedAt: now, attestation: 'seeded' } });
  const suppression = await db.suppression.create({ data: { tenantId, email: `gone@${domainName}`, emailHash: sha256(`gone@${domainName}`), reason: 'MANUAL', source: 'attack seed' } });
  const imp = await db.import.create({ data: { tenantId, listId: list.id, fileName: 'people.csv', createdBy: owner.id } });
  const mjml = '<mjml><mj-body><mj-section><mj-column><mj-text>Hello {{firstName}} <a href="https://example.org/a">a</a></mj-text></mj-column></mj-section></mj-body></mjml>';
  const template = await db.template.create({ data: { tenantId, name: `Template ${label}`, mjml, version: 2 } });
  await db.templateVersion.createMany({ data: [{ templateId: template.id, version: 1, mjml }, { templateId: template.id, version: 2, mjml }] });
  const campaign = await db.campaign.create({ data: { tenantId, name: `Campaign ${label}`, subject: `Subject ${label}`, identityId: identity.id, mjml } });
  await db.campaignList.create({ data: { campaignId: campaign.id, listId: list.id } });
  // A sent campaign with a message, a tracked link and an event: the targets of the public links.
  const sent = await db.campaign.create({
    data: { tenantId, name: `Sent ${label}`, subject: `Sent ${label}`, identityId: identity.id, mjml, status: 'SENT', startedAt: now, finishedAt: now, recipientCount: 1, sentCount: 1 },
  });
  await db.campaignList.create({ data: { campaignId: sent.id, listId: list.id } });
  const message = await db.message.create({ data: { tenantId, campaignId: sent.id, subscriberId: confirmedSubscriber.id, email: confirmedSubscriber.email, status: 'SENT', sentAt: now } });
  await db.trackedLink.create({ data: { tenantId, campaignId: sent.id, index: 0, url: 'https://example.org/a' } });
  await db.event.create({ data: { tenantId, campaignId: sent.id, messageId: message.id, subscriberId: confirmedSubscriber.id, type: 'DELIVERED' } });
  // An A/B test waiting for its winner (the rest HELD; due far ahead, so no worker picks it).
  const abCampaign = await db.campaign.create({
    data: { tenantId, name: `A/B ${label}`, subject: `A/B ${label}`, identityId: identity.id, mjml, status: 'SENDING', startedAt: now, recipientCount: 1, abDiffers: ['subject'], abWinnerDueAt: new Date(now.getTime() + 30 * 86_400_000) },
  });
  const abA = await db.campaignVariant.create({ data: { tenantId, campaignId: abCampaign.id, label: 'A', subject: `A/B ${label} one` } });
  await db.campaignVariant.create({ data: { tenantId, campaignId: abCampaign.id, label: 'B', subject: `A/B ${label} two` } });
  await db.message.create({ data: { tenantId, campaignId: abCampaign.id, subscriberId: confirmedSubscriber.id, email: confirmedSubscriber.email, status: 'HELD' } });
  const alert = await db.alert.create({ data: { tenantId, kind: 'AUTO_PAUSE', message: `Alert ${label}` } });
  // A webhook endpoint with one logged delivery (its URL is never called: no worker delivers here).
  const webhook = await db.webhookEndpoint.create({ data: { tenantId, url: `https://hooks.${domainName}/rb`, events: ['subscriber.created'], secretEnc: encryptSecret('whsec_' + randomBytes(32).toString('base64')) } });
  const webhookEvent = await db.webhookEvent.create({ data: { tenantId, type: 'subscriber.created', data: { subscriberId: subscriber.id } } });
  const webhookDelivery = await db.webhookDelivery.create({ data: { tenantId, eventId: webhookEvent.id, endpointId: webhook.id, status: 'FAILED', attempts: 1, nextAttemptAt: null, retryUntil: now, responseStatus: 500 } });
  return {
    label, tenantId, slug: stamp, domainName,
    owner: { id: owner.id, email: owner.email, password },
    ownerMembershipId: ownerMembership.id, viewerMembershipId: viewerMembership.id, viewerUserId: viewer.id,
    invitationId: invitation.id, inviteToken, apiKeyId: apiKey.id, apiKey: k.key,
    domainId: domain.id, identityId: identity.id, listId: list.id, listPublicId: list.publicId, fieldId: field.id,
    subscriberId: subscriber.id, subscriptionId: subscription.id, confirmToken, confirmedSubscriberId: confirmedSubscriber.id,
    suppressionId: suppression.id, importId: imp.id, templateId: template.id, campaignId: campaign.id, sentCampaignId: sent.id,
    messageId: message.id, alertId: alert.id, webhookId: webhook.id, webhookDeliveryId: webhookDelivery.id, abCampaignId: abCampaign.id, abVariantId: abA.id,
    // Signed links of this tenant's own subscriber (public routes: B's valid token with A's ids).
    prefsToken: preferencesToken(confirmedSubscriber.id),
    unsubToken: signToken('unsub', { m: message.id }),
  };
}

/** Every uuid of a fixture: what must never appear inside another tenant's rows. */
export function idsOf(f: Fixture): string[] {
  return Object.values(f).filter((v): v is string => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(v));
}

// ---------------------------------------------------------------------------------------
// What a tenant owns, as one fingerprint per table

type Row = { t: string; n: bigint; h: string | null };

let tables: string[] | undefined;
async function tenantTables(): Promise<string[]> {
  if (tables) return tables;
  const rows = await getDb().$queryRaw<{ table_name: string }[]>`
    SELECT table_name::text FROM information_schema.columns
    WHERE table_schema = 'public' AND column_name = 'tenantId' ORDER BY table_name`;
  return (tables = rows.map((r) => r.table_name));
}

/** Row count and md5 of the rows of every table that holds the tenant's data. */
export async function fingerprint(tenantId: string, skip: string[] = []): Promise<Record<string, string>> {
  const q = (name: string, where: string) =>
    `SELECT '${name}' AS t, count(*) AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM "${name}" x WHERE ${where}`;
  const parts = (await tenantTables()).filter((t) => !skip.includes(t)).map((t) => q(t, `x."tenantId" = $1::uuid`));
  parts.push(q('Tenant', 'x.id = $1::uuid'));
  parts.push(q('User', `x.id IN (SELECT "userId" FROM "Membership" WHERE "tenantId" = $1::uuid)`));
  parts.push(q('TemplateVersion', `x."templateId" IN (SELECT id FROM "Template" WHERE "tenantId" = $1::uuid)`));
  parts.push(q('CampaignList', `x."campaignId" IN (SELECT id FROM "Campaign" WHERE "tenantId" = $1::uuid)`));
  // Platform-wide settings (FBL reporters, trusted proxies) bind every tenant: no tenant may change them.
  parts.push(q('PlatformSetting', 'true'));
  const rows = await getDb().$queryRawUnsafe<Row[]>(parts.join(' UNION ALL '), tenantId);
  return Object.fromEntries(rows.map((r) => [r.t, `${r.n}:${r.h ?? '-'}`]));
}

export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
}

/** Tables where a row of `tenantId` mentions one of `foreignIds` (a link across tenants). */
export async function crossLinks(tenantId: string, foreignIds: string[]): Promise<string[]> {
  const pattern = foreignIds.join('|');
  const hits: string[] = [];
  // The audit log records what was asked for, foreign ids included (an export's filter).
  for (const t of (await tenantTables()).filter((x) => x !== 'AuditLog')) {
    const r = await getDb().$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM "${t}" x WHERE x."tenantId" = $1::uuid AND x::text ~ $2`, tenantId, pattern);
    if (Number(r[0]?.n) > 0) hits.push(t);
  }
  return hits;
}

// ---------------------------------------------------------------------------------------
// The attack surface, found from the source and the build

function walk(dir: string, keep: (f: string) => boolean, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, keep, out);
    else if (keep(p)) out.push(p);
  }
  return out;
}

/** `app/app/lists/actions.ts#deleteListAction` for every export of a 'use server' file. */
export function serverActionsInSource(): string[] {
  const keys: string[] = [];
  for (const file of walk(WEB, (f) => /\.tsx?$/.test(f))) {
    const src = fs.readFileSync(file, 'utf8');
    if (!/^\s*(\/\/[^\n]*\n\s*)*['"]use server['"]/.test(src)) continue;
    const rel = path.relative(WEB, file);
    for (const m of src.matchAll(/^export\s+(?:async\s+function|const|function)\s+(\w+)/gm)) keys.push(`${rel}#${m[1]}`);
  }
  return keys.sort();
}

export type ActionRef = { key: string; id: string; pages: string[] };

/** The build's action ids (Next 16: <distDir>/server/server-reference-manifest.json). */
export function actionManifest(): Map<string, ActionRef> {
  const file = path.join(WEB, process.env.NEXT_DIST_DIR ?? '.next', 'server/server-reference-manifest.json');
  const m = JSON.parse(fs.readFileSync(file, 'utf8')) as { node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }> };
  const out = new Map<string, ActionRef>();
  for (const [id, a] of Object.entries(m.node)) {
    const key = `${a.filename.replace(/^apps\/web\//, '')}#${a.exportedName}`;
    out.set(key, { key, id, pages: Object.keys(a.workers).filter((w) => w.endsWith('/page')) });
  }
  return out;
}

/** The page an action is posted to: its first page, with the tenant's own ids in the path. */
export function pageFor(ref: ActionRef, f: Fixture): string {
  const worker = ref.pages[0];
  if (!worker) throw new Error(`${ref.key}: the build lists no page for it`);
  const own: Record<string, string> = { lists: f.listId, imports: f.importId, campaigns: f.campaignId, templates: f.templateId, subscribers: f.subscriberId };
  const route = worker.replace(/^app/, '').replace(/\/page$/, '').replace(/\/\([^)]+\)/g, '') || '/';
  return route.replace(/\/([\w-]+)\/\[[^\]]+\]/g, (_, seg: string) => `/${seg}/${own[seg] ?? 'x'}`);
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** `/api/v1/lists/[id] PATCH` for every exported method of every route.ts. */
export function routesInSource(): string[] {
  const keys: string[] = [];
  for (const file of walk(path.join(WEB, 'app'), (f) => /\/route\.tsx?$/.test(f))) {
    const src = fs.readFileSync(file, 'utf8');
    const route = `/${path.relative(path.join(WEB, 'app'), path.dirname(file))}`;
    const found = new Set<string>();
    for (const m of src.matchAll(/^export\s+(?:async\s+function|const|function)\s+([A-Z]+)\b/gm)) found.add(m[1]!);
    for (const m of src.matchAll(/^export\s*\{([^}]*)\}/gm)) for (const n of m[1]!.matchAll(/\bas\s+([A-Z]+)\b/g)) found.add(n[1]!);
    for (const method of found) if (METHODS.includes(method)) keys.push(`${route} ${method}`);
  }
  return keys.sort();
}

// ---------------------------------------------------------------------------------------
// Calls as a browser (server actions) and as a client (routes) make them

const require = createRequire(import.meta.url);
// The encoder Next's own client uses for action arguments (FormData becomes multipart).
const { encodeReply } = require(path.join(ROOT, 'node_modules/next/dist/compiled/react-server-dom-webpack/client.edge.js')) as {
  encodeReply: (v: unknown[]) => Promise<string | FormData>;
};

export type Answer = { status: number; ok: boolean | null; code: string | null; message: string | null; body: string };

/** The ActionResult inside a Flight response (`1:{"ok":false,...}`), if there is one. */
function actionResultOf(body: string): { ok: boolean; code: string | null; message: string | null } | null {
  for (const line of body.split('\n')) {
    const m = /^[0-9a-f]+:(\{.*\})$/.exec(line);
    if (!m) continue;
    try {
      const v = JSON.parse(m[1]!) as { ok?: unknown; code?: unknown; error?: unknown };
      if (typeof v.ok === 'boolean') return { ok: v.ok, code: typeof v.code === 'string' ? v.code : null, message: typeof v.error === 'string' ? v.error : null };
    } catch { /* not JSON: another row */ }
  }
  return null;
}

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!).filter((c) => !c.endsWith('='));

/** Signs in through next-auth's credentials endpoint as the login page does; the session cookie. */
export async function signIn(email: string, password: string): Promise<string> {
  const csrf = await fetch(`${BASE}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiesOf(csrf);
  const res = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; '), Origin: BASE },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true', callbackUrl: `${BASE}/app` }).toString(),
  });
  const cookie = [...jar, ...cookiesOf(res)].join('; ');
  if (!/session-token=/.test(cookie)) throw new Error(`sign-in of ${email} failed: ${res.status} ${res.headers.get('location')}`);
  return cookie;
}

export async function callAction(ref: ActionRef, page: string, args: unknown[], cookie: string): Promise<Answer> {
  const body = await encodeReply(args);
  const headers: Record<string, string> = { 'Next-Action': ref.id, Accept: 'text/x-component', Origin: BASE, Cookie: cookie };
  if (typeof body === 'string') headers['Content-Type'] = 'text/plain;charset=UTF-8';
  const res = await fetch(`${BASE}${page}`, { method: 'POST', headers, body, redirect: 'manual' });
  // A stale id would be refused as unknown and pass for a refusal: stop instead.
  if (res.headers.get('x-nextjs-action-not-found')) throw new Error(`${ref.key}: the server does not know action ${ref.id}`);
  const text = await res.text();
  const r = actionResultOf(text);
  return { status: res.status, ok: r?.ok ?? null, code: r?.code ?? null, message: r?.message ?? null, body: text.slice(0, 2000) };
}

export async function callRoute(method: string, url: string, init: { headers?: Record<string, string>; body?: BodyInit } = {}): Promise<Answer> {
  const res = await fetch(`${BASE}${url}`, { method, headers: { Origin: BASE, ...init.headers }, body: init.body, redirect: 'manual' });
  const text = method === 'HEAD' ? '' : await res.text();
  let code: string | null = null;
  let message: string | null = null;
  try {
    const e = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
    code = e?.code ?? null;
    message = e?.message ?? null;
  } catch {
    // A page or a plain-text answer: its words are the message.
    message = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300) || null;
  }
  return { status: res.status, ok: res.status < 400, code, message, body: text.slice(0, 2000) };
}

/** An answer that is a server fault: HTTP 5xx, or an action that caught an unexpected error. */
export const isServerFault = (a: Answer) => a.status >= 500 || a.code === 'INTERNAL';
/** 4xx, or an action that answered ok: false. */
export const isRefusal = (a: Answer) => (a.status >= 400 && a.status < 500) || a.ok === false;
