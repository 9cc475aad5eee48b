// Managing API keys (create, list, revoke). Key format, hashing and verification of
// presented keys live in api-key-auth.ts; the full key is returned once, here, at creation.
import { z } from 'zod';
import { tenantDb } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { requireRole } from './access.ts';
import { auditBy, recordAudit } from './audit.ts';
import { API_SCOPES, generateApiKey, type ApiScope } from './api-key-auth.ts';
import { zodText } from '../texts.ts';

/** What each scope allows, in words for the create form. */
export const API_SCOPE_LABELS: Record<ApiScope, string> = {
  'subscribers:read': 'Read subscribers',
  'subscribers:write': 'Create, update and delete subscribers',
  'lists:read': 'Read lists',
  'lists:write': 'Create and change lists',
  'campaigns:read': 'Read campaigns and their reports',
  'campaigns:write': 'Create, schedule and send campaigns',
  'events:read': 'Read delivery, open, click, bounce and complaint events',
  'webhooks:manage': 'Create, change and delete webhook endpoints',
};

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, zodText('accounts.apiKeyName', 'Name the key (e.g. "CRM sync")')).max(100),
  scopes: z.array(z.enum(API_SCOPES)).min(1, zodText('accounts.apiKeyScope', 'Choose at least one scope')),
});

export async function createApiKey(ctx: TenantCtx, input: z.input<typeof createApiKeySchema>) {
  const { name, scopes } = createApiKeySchema.parse(input);
  const me = await requireRole(ctx, 'ADMIN');
  const { key, prefix, keyHash } = generateApiKey();
  const row = await tenantDb(ctx.tenantId).apiKey.create({
    data: { tenantId: ctx.tenantId, name, prefix, keyHash, scopes: [...new Set(scopes)], createdBy: me.userId },
  });
  await recordAudit(ctx.tenantId, { ...auditBy(ctx, me.email), action: 'apikey.created', target: `${name} (${prefix})`, details: { scopes } });
  return { id: row.id, prefix, key };
}

export async function listApiKeys(ctx: TenantCtx) {
  await requireRole(ctx, 'ADMIN');
  return tenantDb(ctx.tenantId).apiKey.findMany({
    select: { id: true, name: true, prefix: true, scopes: true, lastUsedAt: true, lastUsedIp: true, revokedAt: true, createdAt: true },
    orderBy: { createdAt: 'desc' },
  });
}

export async function revokeApiKey(ctx: TenantCtx, { keyId }: { keyId: string }) {
  const me = await requireRole(ctx, 'ADMIN');
  const key = await tenantDb(ctx.tenantId).apiKey.findFirst({ where: { id: keyId } });
  if (!key) throw new DomainError('NOT_FOUND', 'API key not found').withText('common.notFound', { what: 'API key' });
  await tenantDb(ctx.tenantId).apiKey.updateMany({ where: { id: keyId, revokedAt: null }, data: { revokedAt: new Date() } });
  await recordAudit(ctx.tenantId, { ...auditBy(ctx, me.email), action: 'apikey.revoked', target: `${key.name} (${key.prefix})` });
}
