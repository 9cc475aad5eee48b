// Use cases re-read the actor's membership instead of trusting a role handed in by the
// caller, so a demotion or removal takes effect on the very next action.
import { getDb, type Role } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { assertRole } from './roles.ts';

/**
 * The caller's membership in ctx's tenant with at least `min`, re-read from the database (the
 * role in ctx is what the edge saw, not proof). API keys and jobs carry no user: refused. A
 * user who is not a member sees the tenant as missing (404), like any foreign resource.
 */
export async function requireRole(ctx: TenantCtx, min: Role) {
  if (!ctx.userId) throw new DomainError('FORBIDDEN', 'This needs a signed-in member.').withText('accounts.signedInMember');
  const m = await getDb().membership.findUnique({
    where: { tenantId_userId: { tenantId: ctx.tenantId, userId: ctx.userId } },
    include: { user: { select: { email: true } } },
  });
  if (!m) throw new DomainError('NOT_FOUND', 'Tenant not found').withText('common.notFound', { what: 'Tenant' });
  assertRole(m.role, min);
  return { role: m.role, email: m.user.email, userId: ctx.userId };
}
