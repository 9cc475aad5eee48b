// Resolving a session token to the member it stands for, from the database (not from the
// token), so that removed members, changed roles and changed passwords apply immediately.
// Framework-free so it is testable without a running Next server.
import { getDb, type Role } from '@rundbrief/db';
import { hasRole } from '@rundbrief/core';

export type Member = { tenantId: string; tenantName: string; userId: string; role: Role; email: string; isOperator: boolean };
export type Operator = { userId: string; email: string };

export type SessionToken = { userId?: string; tenantId?: string | null; sessionVersion?: number };

export type MemberResolution =
  | { kind: 'member'; member: Member }
  | { kind: 'signed-out' } // no session, user gone, or password changed since sign-in
  | { kind: 'no-membership'; isOperator: boolean }
  | { kind: 'forbidden'; member: Member };

export async function resolveMember(token: SessionToken | null | undefined, minRole: Role = 'VIEWER'): Promise<MemberResolution> {
  if (!token?.userId) return { kind: 'signed-out' };
  const user = await getDb().user.findUnique({
    where: { id: token.userId },
    select: { id: true, email: true, sessionVersion: true, isPlatformOperator: true },
  });
  if (!user || user.sessionVersion !== token.sessionVersion) return { kind: 'signed-out' };
  if (!token.tenantId) return { kind: 'no-membership', isOperator: user.isPlatformOperator };
  const membership = await getDb().membership.findUnique({
    where: { tenantId_userId: { tenantId: token.tenantId, userId: user.id } },
    select: { role: true, tenant: { select: { id: true, name: true } } },
  });
  if (!membership) return { kind: 'no-membership', isOperator: user.isPlatformOperator };
  const member: Member = {
    tenantId: membership.tenant.id,
    tenantName: membership.tenant.name,
    userId: user.id,
    role: membership.role,
    email: user.email,
    isOperator: user.isPlatformOperator,
  };
  return hasRole(member.role, minRole) ? { kind: 'member', member } : { kind: 'forbidden', member };
}

export async function resolveOperator(token: SessionToken | null | undefined): Promise<Operator | 'signed-out' | 'forbidden'> {
  if (!token?.userId) return 'signed-out';
  const user = await getDb().user.findUnique({
    where: { id: token.userId },
    select: { id: true, email: true, sessionVersion: true, isPlatformOperator: true },
  });
  if (!user || user.sessionVersion !== token.sessionVersion) return 'signed-out';
  return user.isPlatformOperator ? { userId: user.id, email: user.email } : 'forbidden';
}

/** The tenants a user belongs to (for the tenant switcher); deliberately across tenants. */
export async function membershipsOf(userId: string) {
  const rows = await getDb().membership.findMany({
    where: { userId },
    select: { role: true, tenant: { select: { id: true, name: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((m) => ({ tenantId: m.tenant.id, tenantName: m.tenant.name, role: m.role }));
}
