// Server-side access checks for pages and server actions. Call at the top of every
// server component / action that touches tenant data:
//   const { tenantId, role } = await requireMember('MARKETER');   // pages
//   const ctx = await requireCtx('MARKETER');                      // actions: useCase(ctx, input)
import { cache } from 'react';
import { forbidden, redirect } from 'next/navigation';
import { connection } from 'next/server';
import { getServerSession } from 'next-auth';
import type { Role } from '@rundbrief/db';
import type { TenantCtx } from '@rundbrief/core';
import { authOptions } from './auth.ts';
import { resolveMember, resolveOperator, type Member, type Operator } from './member.ts';
import { headers } from 'next/headers';
import { enforceSessionSecurity, requestOrigin, tenantIpAccess } from './account-security.ts';
import { memberCtx } from './tenant-ctx.ts';

export type { Member, Operator };

// One session read per request, however many components ask.
const currentToken = cache(async () => {
  // Per-request by nature: never prerender at build time (when no env/DB exist).
  await connection();
  const session = await getServerSession(authOptions());
  if (!session?.user) return null;
  const { id, tenantId, sessionVersion } = session.user;
  return { userId: id, tenantId, sessionVersion };
});

/**
 * The signed-in member of the active tenant with at least `minRole`; otherwise /login or 403.
 * Also enforces the tenant's IP allowlist and pending security steps (expired password,
 * required TOTP): `allowPendingSecurity` is only for the page where the user fixes those.
 */
export async function requireMember(minRole: Role = 'VIEWER', opts: { allowPendingSecurity?: boolean } = {}): Promise<Member> {
  const result = await resolveMember(await currentToken(), minRole);
  if (result.kind === 'member' || result.kind === 'forbidden') {
    await enforceSessionSecurity(result.member.tenantId, result.member.userId, opts.allowPendingSecurity ?? false);
  }
  switch (result.kind) {
    case 'member':
      return result.member;
    case 'forbidden':
      forbidden();
    case 'no-membership':
      // Operators without a tenant of their own land on the operator console.
      redirect(result.isOperator ? '/admin' : '/login?error=NoMembership');
    case 'signed-out':
      redirect('/login');
  }
}

/** The context a use case takes for this member: the session's tenant, user, role, address. */
export async function ctxOf(member: Member): Promise<TenantCtx> {
  return memberCtx(member, (await requestOrigin()).ip);
}

/** requireMember as the context a use case takes (for actions that need nothing else). */
export async function requireCtx(minRole: Role = 'VIEWER', opts: { allowPendingSecurity?: boolean } = {}): Promise<TenantCtx> {
  return ctxOf(await requireMember(minRole, opts));
}

/** A platform operator (User.isPlatformOperator), re-checked in the database. */
export async function requireOperator(): Promise<Operator> {
  const result = await resolveOperator(await currentToken());
  if (result === 'signed-out') redirect('/login');
  if (result === 'forbidden') forbidden();
  return result;
}

/** For the 403 page: the refused address when the session's tenant refuses this request by its IP allowlist. */
export async function ipRefusedForSession(): Promise<{ ip: string | null } | null> {
  const result = await resolveMember(await currentToken());
  if (result.kind !== 'member' && result.kind !== 'forbidden') return null;
  const access = await tenantIpAccess(await headers(), result.member.tenantId);
  return access.allowed ? null : { ip: access.ip };
}

/** The signed-in user's id, else null (no membership or security checks: for the UI language). */
export async function currentUserId(): Promise<string | null> {
  return (await currentToken())?.userId ?? null;
}

/** The member if signed in, else null (for pages that render for both). */
export async function currentMember(): Promise<Member | null> {
  const result = await resolveMember(await currentToken());
  return result.kind === 'member' ? result.member : null;
}
