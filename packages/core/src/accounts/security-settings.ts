// Tenant security settings: password policy, required TOTP and IP allowlist. Which proxies'
// X-Forwarded-For counts is the operator's platform setting (accounts/client-ip.ts), not the
// tenant's. Changes are ADMIN-only and audited with before/after values.
import { getDb, type Prisma } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { requireRole } from './access.ts';
import { auditBy, recordAudit } from './audit.ts';
import { allowlistSchema, isIpAllowed, readAllowlist, type AllowlistEntry } from './ip-allowlist.ts';
import { passwordPolicySchema, type PasswordPolicy } from './password-policy.ts';
import type { z } from 'zod';

export async function getSecuritySettings(ctx: TenantCtx) {
  await requireRole(ctx, 'ADMIN');
  const t = await getDb().tenant.findUniqueOrThrow({ where: { id: ctx.tenantId } });
  const policy: PasswordPolicy = { pwMinLength: t.pwMinLength, pwMinDigits: t.pwMinDigits, pwMinSymbols: t.pwMinSymbols, pwMaxAgeDays: t.pwMaxAgeDays, pwHistoryCount: t.pwHistoryCount };
  return { policy, requireTotp: t.requireTotp, ipAllowlist: readAllowlist(t.ipAllowlist) };
}

async function audit(ctx: TenantCtx, email: string, action: string, details: Record<string, unknown>) {
  await recordAudit(ctx.tenantId, { ...auditBy(ctx, email), action, details });
}

export async function updatePasswordPolicy(ctx: TenantCtx, input: { policy: z.input<typeof passwordPolicySchema> }) {
  const policy = passwordPolicySchema.parse(input.policy);
  const me = await requireRole(ctx, 'ADMIN');
  const before = await getSecuritySettings(ctx);
  await getDb().tenant.update({ where: { id: ctx.tenantId }, data: policy });
  await audit(ctx, me.email, 'security.password_policy_changed', { before: before.policy, after: policy });
  return policy;
}

/** Turning it on needs the admin's own TOTP first, so the admin proves the flow works for them. */
export async function setRequireTotp(ctx: TenantCtx, input: { requireTotp: boolean }) {
  const me = await requireRole(ctx, 'ADMIN');
  if (input.requireTotp) {
    const user = await getDb().user.findUniqueOrThrow({ where: { id: me.userId }, select: { totpEnabledAt: true } });
    if (!user.totpEnabledAt) throw new DomainError('PRECONDITION', 'Turn on two-factor authentication for your own account first (My account).').withText('accounts.totpFirst');
  }
  await getDb().tenant.update({ where: { id: ctx.tenantId }, data: { requireTotp: input.requireTotp } });
  await audit(ctx, me.email, 'security.require_totp_changed', { requireTotp: input.requireTotp });
}

/** Would this allowlist still let the current request (`currentIp`, from clientIpOf) in? For the live warning. */
export function previewNetworkSettings(input: { entries: AllowlistEntry[]; currentIp: string | null }) {
  return { currentIp: input.currentIp, locksOut: !isIpAllowed(input.entries, input.currentIp) };
}

export async function updateNetworkSettings(ctx: TenantCtx, input: {
  entries: z.input<typeof allowlistSchema>;
  currentIp: string | null;
  /** The admin saw the warning and saves a list that excludes their own address anyway. */
  confirmLockout?: boolean;
}) {
  const entries = allowlistSchema.parse(input.entries);
  const me = await requireRole(ctx, 'ADMIN');
  const preview = previewNetworkSettings({ entries, currentIp: input.currentIp });
  if (preview.locksOut && !input.confirmLockout) {
    throw new DomainError('PRECONDITION', `This list does not include your current IP address (${preview.currentIp ?? 'unknown'}): saving it would lock you out.`, preview).withText('accounts.allowlistLockout', { ip: preview.currentIp ?? 'unknown' });
  }
  const before = await getSecuritySettings(ctx);
  await getDb().tenant.update({
    where: { id: ctx.tenantId },
    data: { ipAllowlist: entries as unknown as Prisma.InputJsonValue },
  });
  await audit(ctx, me.email, 'security.ip_allowlist_changed', {
    before: { entries: before.ipAllowlist },
    after: { entries },
  });
  return preview;
}

/**
 * The allowlist check for UI sessions (the API checks it in authenticateApiKey): is the
 * client IP (from clientIpOf; null when unknown) on the tenant's allowlist?
 */
export async function checkTenantIpAccess(input: { tenantId: string; ip: string | null }) {
  const t = await getDb().tenant.findUnique({ where: { id: input.tenantId }, select: { ipAllowlist: true } });
  if (!t) throw new DomainError('NOT_FOUND', 'Tenant not found').withText('common.notFound', { what: 'Tenant' });
  const ip = input.ip;
  const allowed = isIpAllowed(readAllowlist(t.ipAllowlist), ip);
  return { ip, allowed };
}
