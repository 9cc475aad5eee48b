// Use cases re-read the actor's membership instead of trusting a role handed in by the
// caller, so a demotion or removal takes effect on the very next action.
import { getDb, type Role } from '@rundbrief/db';
import { DomainError } from '../errors.ts';
import { assertRole } from './roles.ts';

/** Who performs a use case: the signed-in user and the client IP (for the audit log). */
export type Actor = { userId: string; ip?: string | null };

/** A user who is not a member sees the tenant as missing (404), like any foreign resource. */
export async function requireActorRole(tenantId: string, actor: Actor, min: Role) {
  const m = await getDb().membership.findUnique({
    where: { tenantId_userId: { tenantId, userId: actor.userId } },
    include: { user: { select: { email: true } } },
  });
  if (!m) throw new DomainError('NOT_FOUND', 'Tenant not found');
  assertRole(m.role, min);
  return { role: m.role, email: m.user.email };
}
