// API keys: `rb_<prefix>_<secret>`. Only the prefix (to find the row) and the SHA-256 of
// the whole key are stored; the key is shown once at creation. Keys carry scopes.
import { timingSafeEqual } from 'node:crypto';
import { getDb } from '@rundbrief/db';
import { randomToken, sha256 } from '../crypto.ts';
import { DomainError } from '../errors.ts';
import { isIpAllowed, readAllowlist } from './ip-allowlist.ts';
import { recordAudit } from './audit.ts';

export const API_SCOPES = [
  'subscribers:read', 'subscribers:write',
  'lists:read', 'lists:write',
  'campaigns:read', 'campaigns:write',
  'events:read',
  'webhooks:manage',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

const KEY_PATTERN = /^rb_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{32,})$/;

/** A new key; store `prefix` and `keyHash`, show `key` once. */
export function generateApiKey(): { key: string; prefix: string; keyHash: string } {
  const prefix = randomToken(16).replace(/[^A-Za-z0-9]/g, '').slice(0, 12).padEnd(12, '0');
  const key = `rb_${prefix}_${randomToken(32)}`;
  return { key, prefix, keyHash: sha256(key) };
}

// lastUsedAt/lastUsedIp are informational: one write a minute per key is enough and keeps
// busy integrations from turning every read into a row update.
const TOUCH_INTERVAL_MS = 60_000;

/**
 * The tenant and key behind a bearer key, if the key is valid, live and has `scope`.
 * UNAUTHENTICATED (401) for unknown, malformed or revoked keys; FORBIDDEN (403) for a
 * missing scope or a client IP outside the tenant's allowlist; SUSPENDED (423) when the
 * tenant is suspended. `ip` is the client address as clientIpOf
 * resolved it (null when unknown: then only a tenant without an allowlist admits it).
 */
export async function authenticateApiKey(input: { key: string; scope: ApiScope; ip: string | null }): Promise<{ tenantId: string; keyId: string; prefix: string; ip: string }> {
  const match = KEY_PATTERN.exec(input.key);
  if (!match) throw new DomainError('UNAUTHENTICATED', 'Invalid API key');
  // Deliberately unscoped: the key is what tells us the tenant.
  const row = await getDb().apiKey.findUnique({
    where: { prefix: match[1] },
    include: { tenant: { select: { status: true, ipAllowlist: true } } },
  });
  const given = Buffer.from(sha256(input.key), 'hex');
  const stored = Buffer.from(row?.keyHash ?? '', 'hex');
  if (!row || stored.length !== given.length || !timingSafeEqual(stored, given)) {
    throw new DomainError('UNAUTHENTICATED', 'Invalid API key');
  }
  if (row.revokedAt) throw new DomainError('UNAUTHENTICATED', 'This API key has been revoked');
  if (row.tenant.status === 'SUSPENDED') throw new DomainError('SUSPENDED', 'This account is suspended');
  const ip = input.ip ?? 'unknown';
  if (!isIpAllowed(readAllowlist(row.tenant.ipAllowlist), input.ip)) {
    await recordAudit(row.tenantId, { actor: `api-key:${row.prefix}`, action: 'apikey.ip_refused', target: row.name, ip });
    throw new DomainError('FORBIDDEN', `Requests from ${ip} are not allowed for this account (IP allowlist)`);
  }
  if (!row.scopes.includes(input.scope)) {
    throw new DomainError('FORBIDDEN', `This API key lacks the "${input.scope}" scope`);
  }
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS || row.lastUsedIp !== ip) {
    await getDb().apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now), lastUsedIp: ip } });
  }
  return { tenantId: row.tenantId, keyId: row.id, prefix: row.prefix, ip };
}
