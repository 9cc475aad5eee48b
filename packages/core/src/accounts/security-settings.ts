// Tenant security settings: password policy, required TOTP, IP allowlist and whether
// X-Forwarded-For is trusted. Changes are ADMIN-only and audited with before/after values.
import { getDb, type Prisma } from '@rundbrief/db';
import { DomainError } from '../errors.ts';
import { requireActorRole, type Actor } from './access.ts';
import { recordAudit } from './audit.ts';
import { allowlistSchema, isIpAllowed, readAllowlist, resolveClientIp, type AllowlistEntry } from './ip-allowlist.ts';
import { passwordPolicySchema, type PasswordPolicy } from './password-policy.ts';
import type { z } from 'zod';

/** Where a request came from, as the web edge sees it; the tenant decides which part to believe. */
export type RequestOrigin = { remoteAddress?: string | null; forwardedFor?: string | null };

export async function getSecuritySettings({ tenantId, actor }: { tenantId: string; actor: Actor }) {
  await requireActorRole(tenantId, actor, 'ADMIN');
  const t = await getDb().tenant.findUniqueOrThrow({ where: { id: tenantId } });
  const policy: PasswordPolicy = { pwMinLength: t.pwMinLength, pwMinDigits: t.pwMinDigits, pwMinSymbols: t.pwMinSymbols, pwMaxAgeDays: t.pwMaxAgeDays, pwHistoryCount: t.pwHistoryCount };
  return { policy, requireTotp: t.requireTotp, ipAllowlist: readAllowlist(t.ipAllowlist), trustForwardedFor: t.trustForwardedFor };
}

async function audit(tenantId: string, actor: Actor, email: string, action: string, details: Record<string, unknown>) {
  await recordAudit({ tenantId, userId: actor.userId, actor: email, action, ip: actor.ip, details });
}

export async function updatePasswordPolicy(input: { tenantId: string; actor: Actor; policy: z.input<typeof passwordPolicySchema> }) {
  const policy = passwordPolicySchema.parse(input.policy);
  const me = await requireActorRole(input.tenantId, input.actor, 'ADMIN');
  const before = await getSecuritySettings(input);
  await getDb().tenant.update({ where: { id: input.tenantId }, data: policy });
  await audit(input.tenantId, input.actor, me.email, 'security.password_policy_changed', { before: before.policy, after: policy });
  return policy;
}

/** Turning it on needs the admin's own TOTP first, so the admin proves the flow works for them. */
export async function setRequireTotp(input: { tenantId: string; actor: Actor; requireTotp: boolean }) {
  const me = await requireActorRole(input.tenantId, input.actor, 'ADMIN');
  if (input.requireTotp) {
    const user = await getDb().user.findUniqueOrThrow({ where: { id: input.actor.userId }, select: { totpEnabledAt: true } });
    if (!user.totpEnabledAt) throw new DomainError('PRECONDITION', 'Turn on two-factor authentication for your own account first (My account).');
  }
  await getDb().tenant.update({ where: { id: input.tenantId }, data: { requireTotp: input.requireTotp } });
  await audit(input.tenantId, input.actor, me.email, 'security.require_totp_changed', { requireTotp: input.requireTotp });
}

/** Would this allowlist + proxy setting still let the current request in? For the live warning. */
export function previewNetworkSettings(input: { entries: AllowlistEntry[]; trustForwardedFor: boolean; origin: RequestOrigin }) {
  const ip = resolveClientIp({ ...input.origin, trustForwardedFor: input.trustForwardedFor });
  return { currentIp: ip, locksOut: !isIpAllowed(input.entries, ip) };
}

export async function updateNetworkSettings(input: {
  tenantId: string;
  actor: Actor;
  entries: z.input<typeof allowlistSchema>;
  trustForwardedFor: boolean;
  origin: RequestOrigin;
  /** The admin saw the warning and saves a list that excludes their own address anyway. */
  confirmLockout?: boolean;
}) {
  const entries = allowlistSchema.parse(input.entries);
  const me = await requireActorRole(input.tenantId, input.actor, 'ADMIN');
  const preview = previewNetworkSettings({ entries, trustForwardedFor: input.trustForwardedFor, origin: input.origin });
  if (preview.locksOut && !input.confirmLockout) {
    throw new DomainError('PRECONDITION', `This list does not include your current IP address (${preview.currentIp ?? 'unknown'}): saving it would lock you out.`, preview);
  }
  const before = await getSecuritySettings(input);
  await getDb().tenant.update({
    where: { id: input.tenantId },
    data: { ipAllowlist: entries as unknown as Prisma.InputJsonValue, trustForwardedFor: input.trustForwardedFor },
  });
  await audit(input.tenantId, input.actor, me.email, 'security.ip_allowlist_changed', {
    before: { entries: before.ipAllowlist, trustForwardedFor: before.trustForwardedFor },
    after: { entries, trustForwardedFor: input.trustForwardedFor },
  });
  return preview;
}

/**
 * The allowlist check for UI sessions (the API checks it in authenticateApiKey): returns
 * the client IP, or throws FORBIDDEN naming the refused address.
 */
export async function checkTenantIpAccess(input: { tenantId: string; origin: RequestOrigin }) {
  const t = await getDb().tenant.findUnique({ where: { id: input.tenantId }, select: { ipAllowlist: true, trustForwardedFor: true } });
  if (!t) throw new DomainError('NOT_FOUND', 'Tenant not found');
  const ip = resolveClientIp({ ...input.origin, trustForwardedFor: t.trustForwardedFor });
  const allowed = isIpAllowed(readAllowlist(t.ipAllowlist), ip);
  return { ip, allowed };
}
