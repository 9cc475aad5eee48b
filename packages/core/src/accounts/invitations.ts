// Invitations: an ADMIN invites an address with a role; the mail carries a random token
// (stored only as SHA-256) that expires after 7 days and can be accepted exactly once.
import { z } from 'zod';
import { getDb, tenantDb, type Role } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { assertTenantMaySend } from '../deliverability/may-send.ts';
import { tenantNameText } from '../deliverability/platform-mail.ts';
import { randomToken, sha256 } from '../crypto.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { checkPasswordPolicy, checkPasswordRules, policyError, strictest } from './password-policy.ts';
import { requireRole } from './access.ts';
import { roleSchema } from './members.ts';
import { emailSchema } from './signup.ts';
import { auditBy, recordAudit } from './audit.ts';
import { appUrl, sendAccountMail } from './mail.ts';
import { coreTranslator } from '../i18n/translate.ts';
import { userLocale } from '../i18n/user-locale.ts';
import { DEFAULT_LOCALE } from '../i18n/locales.ts';

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
const GONE_MESSAGE = 'This invitation has expired or was already used. Ask for a new one.';

export const inviteSchema = z.object({ email: emailSchema, role: roleSchema });

export async function inviteMember(ctx: TenantCtx, input: z.input<typeof inviteSchema>) {
  const { email, role } = inviteSchema.parse(input);
  const me = await requireRole(ctx, 'ADMIN');
  if (role === 'OWNER' && me.role !== 'OWNER') throw new DomainError('FORBIDDEN', 'Only an owner can invite another owner.').withText('accounts.ownerOnlyInviteOwner');
  const db = tenantDb(ctx.tenantId);
  if (await db.membership.count({ where: { user: { email } } })) throw new DomainError('CONFLICT', `${email} is already a member.`).withText('accounts.alreadyMember', { email });
  const tenant = await getDb().tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { name: true } });
  // Invitations go out under the platform's name: refused while suspended, 20 an hour by default.
  await assertTenantMaySend(ctx, 'INVITATION');
  const name = tenantNameText(tenant.name);
  // A new invitation replaces any open one for the same address: only the newest link works.
  await db.invitation.deleteMany({ where: { email, acceptedAt: null } });
  const token = randomToken();
  const inv = await db.invitation.create({
    data: { tenantId: ctx.tenantId, email, role, tokenHash: sha256(token), invitedBy: me.userId, expiresAt: new Date(Date.now() + INVITATION_TTL_MS) },
  });
  const url = appUrl(`/invite/${token}`);
  // The invitee's language if they already have a user, else the inviter's (a German team
  // invites in German), else English.
  const existing = await getDb().user.findUnique({ where: { email }, select: { locale: true } });
  const t = coreTranslator(existing?.locale ?? (me.userId ? await userLocale(me.userId) : null) ?? DEFAULT_LOCALE, 'account');
  await sendAccountMail(ctx.tenantId, {
    kind: 'INVITATION',
    to: email,
    subject: t('inviteSubject', { tenant: name }),
    lines: [t('inviteIntro', { inviter: me.email, tenant: name, role }), t('inviteExpiry')],
    action: { label: t('inviteAction'), url },
  });
  await recordAudit(ctx.tenantId, { ...auditBy(ctx, me.email), action: 'member.invited', target: email, details: { role } });
  return { invitationId: inv.id, expiresAt: inv.expiresAt };
}

export async function listInvitations(ctx: TenantCtx) {
  await requireRole(ctx, 'ADMIN');
  return tenantDb(ctx.tenantId).invitation.findMany({
    where: { acceptedAt: null },
    select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
    orderBy: { createdAt: 'desc' },
  });
}

export async function revokeInvitation(ctx: TenantCtx, { invitationId }: { invitationId: string }) {
  const me = await requireRole(ctx, 'ADMIN');
  const inv = await tenantDb(ctx.tenantId).invitation.findFirst({ where: { id: invitationId, acceptedAt: null } });
  if (!inv) throw new DomainError('NOT_FOUND', 'Invitation not found').withText('common.notFound', { what: 'Invitation' });
  await tenantDb(ctx.tenantId).invitation.deleteMany({ where: { id: inv.id } });
  await recordAudit(ctx.tenantId, { ...auditBy(ctx, me.email), action: 'member.invitation_revoked', target: inv.email });
}

async function findOpenInvitation(token: string) {
  const inv = await getDb().invitation.findUnique({ where: { tokenHash: sha256(token) }, include: { tenant: true } });
  if (!inv || inv.acceptedAt || inv.expiresAt <= new Date()) throw new DomainError('GONE', GONE_MESSAGE);
  return inv;
}

/** For the acceptance page: whom the link is for, and whether that address already has an account. */
export async function getInvitation(token: string) {
  const inv = await findOpenInvitation(token);
  const existing = await getDb().user.findUnique({ where: { email: inv.email }, select: { id: true } });
  const t = inv.tenant;
  return {
    tenantName: t.name,
    email: inv.email,
    role: inv.role as Role,
    existingUser: existing !== null,
    policy: { pwMinLength: t.pwMinLength, pwMinDigits: t.pwMinDigits, pwMinSymbols: t.pwMinSymbols, pwMaxAgeDays: t.pwMaxAgeDays, pwHistoryCount: t.pwHistoryCount },
  };
}

/**
 * New address: creates the user with a password that must satisfy the tenant's policy.
 * Existing account: the invitee proves it is theirs with their password, which must also
 * satisfy this tenant's rules (so joining cannot bypass the tenant's policy).
 */
export async function acceptInvitation(input: { token: string; password: string; name?: string; ip?: string | null }) {
  const inv = await findOpenInvitation(input.token);
  const db = getDb();
  const existing = await db.user.findUnique({ where: { email: inv.email }, include: { memberships: { include: { tenant: true } } } });
  let passwordHash: string | null = null;
  if (existing) {
    if (!(await verifyPassword(existing.passwordHash, input.password))) throw new DomainError('VALIDATION', 'That is not the password of your existing account.').withText('accounts.notExistingPassword');
    const violations = checkPasswordRules(strictest([inv.tenant, ...existing.memberships.map((m) => m.tenant)]), input.password);
    if (violations.length) {
      throw new DomainError('POLICY', `Your current password does not meet ${inv.tenant.name}'s password policy: ${violations.map((v) => v.message).join(' ')} Change it under My account, then open this link again.`, { violations });
    }
  } else {
    const violations = await checkPasswordPolicy(inv.tenant, input.password);
    if (violations.length) throw policyError(violations);
    passwordHash = await hashPassword(input.password);
  }
  const userId = await db.$transaction(async (tx) => {
    // Single use: of two concurrent acceptances only one flips acceptedAt.
    const claimed = await tx.invitation.updateMany({ where: { id: inv.id, tenantId: inv.tenantId, acceptedAt: null }, data: { acceptedAt: new Date() } });
    if (claimed.count !== 1) throw new DomainError('GONE', GONE_MESSAGE);
    const user = existing ?? (await tx.user.create({ data: { email: inv.email, name: input.name?.trim() || null, passwordHash: passwordHash! } }));
    await tx.membership.upsert({
      where: { tenantId_userId: { tenantId: inv.tenantId, userId: user.id } },
      create: { tenantId: inv.tenantId, userId: user.id, role: inv.role },
      update: {},
    });
    return user.id;
  });
  await recordAudit(inv.tenantId, { userId, actor: inv.email, action: 'member.joined', target: inv.email, ip: input.ip, details: { role: inv.role } });
  return { tenantId: inv.tenantId, userId, email: inv.email };
}
