// Members of a tenant: list, change role, remove, transfer ownership. A tenant always keeps
// at least one OWNER; the checks run inside a transaction that locks the tenant's
// memberships so two admins demoting each other at once cannot leave it ownerless.
// (Interactive transactions cannot use tenantDb, so every query in them names tenantId.)
import { z } from 'zod';
import { getDb, tenantDb, type Prisma, type Role } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { requireRole } from './access.ts';
import { ROLES } from './roles.ts';
import { auditBy, recordAudit } from './audit.ts';
import { zodText } from '../texts.ts';

export const roleSchema = z.enum(ROLES, zodText('accounts.chooseRole', 'Choose a role'));

export async function listMembers(ctx: TenantCtx) {
  await requireRole(ctx, 'VIEWER');
  const rows = await tenantDb(ctx.tenantId).membership.findMany({
    include: { user: { select: { email: true, name: true, totpEnabledAt: true, lockedUntil: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((m) => ({
    id: m.id,
    userId: m.userId,
    email: m.user.email,
    name: m.user.name,
    role: m.role,
    totp: m.user.totpEnabledAt !== null,
    locked: m.user.lockedUntil !== null && m.user.lockedUntil > new Date(),
    since: m.createdAt,
  }));
}

async function lockMemberships(tx: Prisma.TransactionClient, tenantId: string) {
  await tx.$queryRaw`SELECT id FROM "Membership" WHERE "tenantId" = ${tenantId}::uuid FOR UPDATE`;
}

async function ownerCount(tx: Prisma.TransactionClient, tenantId: string) {
  return tx.membership.count({ where: { tenantId, role: 'OWNER' } });
}

export async function changeRole(ctx: TenantCtx, input: { membershipId: string; role: Role }) {
  const role = roleSchema.parse(input.role);
  const me = await requireRole(ctx, 'ADMIN');
  // Ownership is handed over with transferOwnership (OWNER only); ADMINs cannot mint owners.
  if (role === 'OWNER' && me.role !== 'OWNER') throw new DomainError('FORBIDDEN', 'Only an owner can make someone an owner.').withText('accounts.ownerOnlyMakeOwner');
  const result = await getDb().$transaction(async (tx) => {
    await lockMemberships(tx, ctx.tenantId);
    const target = await tx.membership.findFirst({ where: { id: input.membershipId, tenantId: ctx.tenantId }, include: { user: { select: { email: true } } } });
    if (!target) throw new DomainError('NOT_FOUND', 'Member not found').withText('common.notFound', { what: 'Member' });
    if (target.role === 'OWNER' && me.role !== 'OWNER') throw new DomainError('FORBIDDEN', "Only an owner can change an owner's role.");
    if (target.role === 'OWNER' && role !== 'OWNER' && (await ownerCount(tx, ctx.tenantId)) === 1) {
      throw new DomainError('CONFLICT', 'This is the last owner. Transfer ownership to someone else first.').withText('accounts.lastOwner');
    }
    await tx.membership.updateMany({ where: { id: target.id, tenantId: ctx.tenantId }, data: { role } });
    return { email: target.user.email, from: target.role };
  });
  await recordAudit(ctx.tenantId, { ...auditBy(ctx, me.email), action: 'member.role_changed', target: result.email, details: { from: result.from, to: role } });
}

export async function removeMember(ctx: TenantCtx, input: { membershipId: string }) {
  const me = await requireRole(ctx, 'ADMIN');
  const removed = await getDb().$transaction(async (tx) => {
    await lockMemberships(tx, ctx.tenantId);
    const target = await tx.membership.findFirst({ where: { id: input.membershipId, tenantId: ctx.tenantId }, include: { user: { select: { email: true } } } });
    if (!target) throw new DomainError('NOT_FOUND', 'Member not found').withText('common.notFound', { what: 'Member' });
    if (target.role === 'OWNER' && me.role !== 'OWNER') throw new DomainError('FORBIDDEN', 'Only an owner can remove an owner.').withText('accounts.ownerOnlyRemoveOwner');
    if (target.role === 'OWNER' && (await ownerCount(tx, ctx.tenantId)) === 1) {
      throw new DomainError('CONFLICT', 'The last owner cannot be removed. Transfer ownership first.').withText('accounts.lastOwnerRemove');
    }
    await tx.membership.deleteMany({ where: { id: target.id, tenantId: ctx.tenantId } });
    return target;
  });
  await recordAudit(ctx.tenantId, { ...auditBy(ctx, me.email), action: 'member.removed', target: removed.user.email, details: { role: removed.role } });
}

/** The acting OWNER hands OWNER to another member and becomes ADMIN. */
export async function transferOwnership(ctx: TenantCtx, input: { membershipId: string }) {
  const me = await requireRole(ctx, 'OWNER');
  const target = await getDb().$transaction(async (tx) => {
    await lockMemberships(tx, ctx.tenantId);
    const t = await tx.membership.findFirst({ where: { id: input.membershipId, tenantId: ctx.tenantId }, include: { user: { select: { email: true } } } });
    if (!t) throw new DomainError('NOT_FOUND', 'Member not found').withText('common.notFound', { what: 'Member' });
    if (t.userId === me.userId) throw new DomainError('VALIDATION', 'You already own this account.').withText('accounts.alreadyOwner');
    await tx.membership.updateMany({ where: { id: t.id, tenantId: ctx.tenantId }, data: { role: 'OWNER' } });
    await tx.membership.updateMany({ where: { tenantId: ctx.tenantId, userId: me.userId }, data: { role: 'ADMIN' } });
    return t;
  });
  await recordAudit(ctx.tenantId, { ...auditBy(ctx, me.email), action: 'ownership.transferred', target: target.user.email });
}
