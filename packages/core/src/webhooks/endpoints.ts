// Managing a tenant's webhook endpoints (Settings → Webhooks and /api/v1/webhooks): create
// (the secret is returned once), change, rotate the secret with an overlap, delete, send a
// test event, read the delivery log and resend one delivery. Members need ADMIN; API keys
// the webhooks:manage scope (checked at the edge).
import { z } from 'zod';
import { isIP } from 'node:net';
import { getDb, Prisma, tenantDb } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { decryptSecret, encryptSecret } from '../crypto.ts';
import { requireRole } from '../accounts/access.ts';
import { auditBy, recordAudit } from '../accounts/audit.ts';
import { forbiddenAddress } from './address-guard.ts';
import { kickWebhookDispatch, WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT } from './events.ts';
import { newWebhookSecret } from './signing.ts';
import { webhookSettings } from './settings.ts';
import { zodText, issueText } from '../texts.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = () => new DomainError('NOT_FOUND', 'Webhook endpoint not found').withText('common.notFound', { what: 'Webhook endpoint' });

/** What may be stored as an endpoint URL; the address guard checks again at every delivery. */
export const webhookUrl = z.string().trim().max(2000).superRefine((raw, c) => {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    c.addIssue({ code: 'custom', ...issueText('webhooks.url', 'Enter a full URL such as https://example.com/hooks/rundbrief') });
    return;
  }
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const allowed = webhookSettings().allowHosts.includes(host);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && allowed)) c.addIssue({ code: 'custom', ...issueText('webhooks.https', 'The URL must start with https://') });
  if (u.username || u.password) c.addIssue({ code: 'custom', ...issueText('webhooks.credentials', 'Put no user name or password in the URL') });
  if (!allowed && (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && forbiddenAddress(host)))) {
    c.addIssue({ code: 'custom', ...issueText('webhooks.private', 'Webhooks cannot go to loopback, private, link-local or metadata addresses') });
  }
});

const events = z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, zodText('webhooks.events', 'Choose at least one event')).max(WEBHOOK_EVENT_TYPES.length);
const description = z.string().trim().max(200).nullable().optional();

export const webhookEndpointInput = z.object({ url: webhookUrl, description, events, enabled: z.boolean().default(true) });
export const webhookEndpointPatch = z.object({ url: webhookUrl.optional(), description, events: events.optional(), enabled: z.boolean().optional() });
export type WebhookEndpointInput = z.input<typeof webhookEndpointInput>;
export type WebhookEndpointPatch = z.input<typeof webhookEndpointPatch>;

export const deliveryPageQuery = z.object({
  endpointId: z.uuid().optional(),
  status: z.enum(['PENDING', 'SUCCEEDED', 'FAILED']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** Members: ADMIN and up, re-read from the database. API keys carry no user: their scope was checked at the edge. */
async function assertManager(ctx: TenantCtx): Promise<string> {
  if (ctx.userId) return (await requireRole(ctx, 'ADMIN')).email;
  if (ctx.actor?.startsWith('api-key:')) return ctx.actor;
  throw new DomainError('FORBIDDEN', 'This needs an administrator or an API key with the webhooks:manage scope.').withText('webhooks.forbidden');
}

type EndpointRow = Prisma.WebhookEndpointGetPayload<object>;

/** The endpoint as shown and answered: never a secret. */
export function endpointView(e: EndpointRow, now = new Date()) {
  return {
    id: e.id, url: e.url, description: e.description, events: e.events, enabled: e.enabled,
    disabledAt: e.disabledAt, disabledReason: e.disabledReason, failingSince: e.failingSince,
    previousSecretExpiresAt: e.previousSecretExpiresAt && e.previousSecretExpiresAt > now ? e.previousSecretExpiresAt : null,
    createdAt: e.createdAt, updatedAt: e.updatedAt,
  };
}
export type WebhookEndpointView = ReturnType<typeof endpointView>;

async function findEndpoint(ctx: TenantCtx, id: string): Promise<EndpointRow> {
  if (!UUID.test(id)) throw notFound();
  const e = await tenantDb(ctx.tenantId).webhookEndpoint.findFirst({ where: { id } });
  if (!e) throw notFound();
  return e;
}

export async function listWebhookEndpoints(ctx: TenantCtx) {
  await assertManager(ctx);
  const rows = await tenantDb(ctx.tenantId).webhookEndpoint.findMany({ orderBy: { createdAt: 'desc' }, take: 200 });
  return rows.map((r) => endpointView(r));
}

export async function getWebhookEndpoint(ctx: TenantCtx, id: string) {
  await assertManager(ctx);
  return endpointView(await findEndpoint(ctx, id));
}

/** Returns the endpoint and its signing secret, which is never shown again. */
export async function createWebhookEndpoint(ctx: TenantCtx, input: WebhookEndpointInput) {
  const data = webhookEndpointInput.parse(input);
  const actor = await assertManager(ctx);
  const count = await tenantDb(ctx.tenantId).webhookEndpoint.count();
  if (count >= 20) throw new DomainError('CONFLICT', 'An account can have at most 20 webhook endpoints.').withText('webhooks.max');
  const secret = newWebhookSecret();
  const row = await tenantDb(ctx.tenantId).webhookEndpoint.create({
    data: { tenantId: ctx.tenantId, url: data.url, description: data.description ?? null, events: [...new Set(data.events)], enabled: data.enabled, secretEnc: encryptSecret(secret) },
  });
  await recordAudit(ctx.tenantId, { ...auditBy(ctx, actor), action: 'webhook.created', target: row.url, details: { events: row.events } });
  return { endpoint: endpointView(row), secret };
}

export async function updateWebhookEndpoint(ctx: TenantCtx, id: string, patch: WebhookEndpointPatch) {
  const data = webhookEndpointPatch.parse(patch);
  const actor = await assertManager(ctx);
  const before = await findEndpoint(ctx, id);
  const enabling = data.enabled === true && !before.enabled;
  const r = await tenantDb(ctx.tenantId).webhookEndpoint.updateMany({
    where: { id },
    data: {
      ...(data.url !== undefined ? { url: data.url } : {}),
      ...(data.description !== undefined ? { description: data.description } : {}),
      ...(data.events !== undefined ? { events: [...new Set(data.events)] } : {}),
      ...(data.enabled !== undefined ? { enabled: data.enabled } : {}),
      // Enabling again starts a fresh failure window; disabling by hand records no reason.
      ...(enabling ? { disabledAt: null, disabledReason: null, failingSince: null } : {}),
      ...(data.enabled === false && before.enabled ? { disabledAt: new Date(), disabledReason: null } : {}),
    },
  });
  if (r.count === 0) throw notFound();
  await recordAudit(ctx.tenantId, { ...auditBy(ctx, actor), action: 'webhook.updated', target: data.url ?? before.url, details: { ...data } });
  return endpointView(await findEndpoint(ctx, id));
}

export async function deleteWebhookEndpoint(ctx: TenantCtx, id: string) {
  const actor = await assertManager(ctx);
  const before = await findEndpoint(ctx, id);
  const r = await tenantDb(ctx.tenantId).webhookEndpoint.deleteMany({ where: { id } });
  if (r.count === 0) throw notFound();
  await recordAudit(ctx.tenantId, { ...auditBy(ctx, actor), action: 'webhook.deleted', target: before.url });
}

/**
 * A new signing secret, returned once. The previous one keeps signing beside it until the
 * overlap ends, so receivers can switch without losing a message.
 */
export async function rotateWebhookSecret(ctx: TenantCtx, id: string, now = new Date()) {
  const actor = await assertManager(ctx);
  const before = await findEndpoint(ctx, id);
  const secret = newWebhookSecret();
  const until = new Date(now.getTime() + webhookSettings().rotationOverlapMs);
  // Conditional on the secret we read: two concurrent rotations cannot both win.
  const r = await tenantDb(ctx.tenantId).webhookEndpoint.updateMany({
    where: { id, secretEnc: before.secretEnc },
    data: { secretEnc: encryptSecret(secret), previousSecretEnc: before.secretEnc, previousSecretExpiresAt: until },
  });
  if (r.count === 0) throw new DomainError('CONFLICT', 'The secret was rotated at the same moment; reload and try again.').withText('webhooks.rotated');
  await recordAudit(ctx.tenantId, { ...auditBy(ctx, actor), action: 'webhook.secret_rotated', target: before.url, details: { previousValidUntil: until.toISOString() } });
  return { secret, previousSecretExpiresAt: until };
}

/** The secrets that sign now: the current one, and the previous one while its overlap lasts. */
export function signingSecrets(e: Pick<EndpointRow, 'secretEnc' | 'previousSecretEnc' | 'previousSecretExpiresAt'>, now = new Date()): string[] {
  const out = [decryptSecret(e.secretEnc)];
  if (e.previousSecretEnc && e.previousSecretExpiresAt && e.previousSecretExpiresAt > now) out.push(decryptSecret(e.previousSecretEnc));
  return out;
}

/** A webhook.test event to this one endpoint, delivered like any other. */
export async function sendTestWebhook(ctx: TenantCtx, id: string) {
  await assertManager(ctx);
  const e = await findEndpoint(ctx, id);
  if (!e.enabled) throw new DomainError('CONFLICT', 'Enable the endpoint before sending a test event.').withText('webhooks.enableToTest');
  const { failureWindowMs } = webhookSettings();
  const delivery = await getDb().$transaction(async (tx) => {
    const event = await tx.webhookEvent.create({ data: { tenantId: ctx.tenantId, type: WEBHOOK_TEST_EVENT, data: { endpointId: e.id, message: 'A test event from Rundbrief' } } });
    return tx.webhookDelivery.create({ data: { tenantId: ctx.tenantId, eventId: event.id, endpointId: e.id, retryUntil: new Date(Date.now() + failureWindowMs) } });
  });
  await kickWebhookDispatch();
  return { deliveryId: delivery.id };
}

/** A delivery with its latest `attempts` attempts, newest first (its `attempts` field counts them all). */
const deliveryInclude = (attempts: number) => ({
  event: { select: { type: true } }, endpoint: { select: { url: true } }, attemptLog: { orderBy: { attempt: 'desc' }, take: attempts },
}) satisfies Prisma.WebhookDeliveryInclude;
type DeliveryRow = Prisma.WebhookDeliveryGetPayload<{ include: ReturnType<typeof deliveryInclude> }>;
/** Attempts each delivery of the REST log carries. */
export const API_ATTEMPTS_SHOWN = 25;

/** One delivery as the log shows it (the UI and GET /api/v1/webhooks/{id}/deliveries). */
function deliveryView(d: DeliveryRow) {
  return {
    id: d.id, eventId: d.eventId, type: d.event.type, endpointId: d.endpointId, url: d.endpoint.url, status: d.status,
    attempts: d.attempts, nextAttemptAt: d.status === 'PENDING' ? d.nextAttemptAt : null, lastAttemptAt: d.lastAttemptAt,
    responseStatus: d.responseStatus, responseBody: d.responseBody, durationMs: d.durationMs, error: d.error, createdAt: d.createdAt,
    attemptLog: d.attemptLog.map((a) => ({ attempt: a.attempt, responseStatus: a.responseStatus, responseBody: a.responseBody, durationMs: a.durationMs, error: a.error, at: a.createdAt })),
  };
}

/** The delivery log, newest first, one page. */
export async function listWebhookDeliveries(ctx: TenantCtx, query: z.input<typeof deliveryPageQuery>) {
  await assertManager(ctx);
  const q = deliveryPageQuery.parse(query);
  const where = { ...(q.endpointId ? { endpointId: q.endpointId } : {}), ...(q.status ? { status: q.status } : {}) };
  const db = tenantDb(ctx.tenantId);
  const [total, rows] = await Promise.all([
    db.webhookDelivery.count({ where }),
    db.webhookDelivery.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: (q.page - 1) * q.pageSize, take: q.pageSize, include: deliveryInclude(10) }),
  ]);
  return { total, page: q.page, pageSize: q.pageSize, items: rows.map(deliveryView) };
}

/** One endpoint's delivery log in keyset pages (the REST API's list convention: cursor + limit). */
export const endpointDeliveryQuery = z.object({
  status: z.enum(['PENDING', 'SUCCEEDED', 'FAILED']).optional(),
  /** The previous page's nextCursor. */
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

type DeliveryCursor = { at: Date; id: string };
const encodeDeliveryCursor = (c: DeliveryCursor) => Buffer.from(JSON.stringify([c.at.toISOString(), c.id])).toString('base64url');
function decodeDeliveryCursor(s: string): DeliveryCursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(s, 'base64url').toString()) as unknown[];
    if (typeof at === 'string' && typeof id === 'string' && UUID.test(id) && !Number.isNaN(Date.parse(at))) return { at: new Date(at), id };
  } catch { /* falls through */ }
  throw new DomainError('VALIDATION', 'Invalid page cursor.').withText('subscribers.badCursor');
}

/**
 * The deliveries of one endpoint, newest first, with their latest attempts. An endpoint of
 * another tenant (or none) is a NOT_FOUND, not an empty page.
 */
export async function listEndpointDeliveries(ctx: TenantCtx, endpointId: string, query: z.input<typeof endpointDeliveryQuery> = {}) {
  await assertManager(ctx);
  const q = endpointDeliveryQuery.parse(query);
  const after = q.cursor ? decodeDeliveryCursor(q.cursor) : null;
  await findEndpoint(ctx, endpointId);
  const rows = await tenantDb(ctx.tenantId).webhookDelivery.findMany({
    where: {
      endpointId, ...(q.status ? { status: q.status } : {}),
      ...(after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: q.limit + 1, include: deliveryInclude(API_ATTEMPTS_SHOWN),
  });
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return { items: items.map(deliveryView), nextCursor: rows.length > q.limit && last ? encodeDeliveryCursor({ at: last.createdAt, id: last.id }) : null };
}

/**
 * Sends one delivery again now (same webhook-id, a fresh retry window). With `endpointId`
 * (the REST route's path) the delivery must belong to that endpoint.
 */
export async function resendWebhookDelivery(ctx: TenantCtx, deliveryId: string, scope: { endpointId?: string } = {}) {
  const actor = await assertManager(ctx);
  if (scope.endpointId !== undefined) await findEndpoint(ctx, scope.endpointId);
  if (!UUID.test(deliveryId)) throw new DomainError('NOT_FOUND', 'Delivery not found').withText('common.notFound', { what: 'Delivery' });
  const db = tenantDb(ctx.tenantId);
  const d = await db.webhookDelivery.findFirst({ where: { id: deliveryId, ...(scope.endpointId !== undefined ? { endpointId: scope.endpointId } : {}) }, include: { endpoint: true } });
  if (!d) throw new DomainError('NOT_FOUND', 'Delivery not found').withText('common.notFound', { what: 'Delivery' });
  if (!d.endpoint.enabled) throw new DomainError('CONFLICT', 'Enable the endpoint before resending.').withText('webhooks.enableToResend');
  const now = new Date();
  await db.webhookDelivery.updateMany({
    where: { id: d.id },
    data: { status: 'PENDING', nextAttemptAt: now, retryUntil: new Date(now.getTime() + webhookSettings().failureWindowMs), error: null },
  });
  await recordAudit(ctx.tenantId, { ...auditBy(ctx, actor), action: 'webhook.resent', target: d.endpoint.url, details: { deliveryId: d.id } });
  await kickWebhookDispatch();
  return { deliveryId: d.id };
}
