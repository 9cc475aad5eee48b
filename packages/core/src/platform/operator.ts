// The operator acting on the platform. Server actions check the session (requireOperator);
// the use cases check again here, so no other caller (a job, a script, a future API route)
// can change sending IPs or tenant limits on behalf of a tenant user.
import { getDb } from '@rundbrief/db';
import { recordAudit } from '../accounts/audit.ts';
import { DomainError } from '../errors.ts';

export type OperatorActor = { userId: string; email: string; ip: string | null };

export async function assertPlatformOperator(actor: OperatorActor): Promise<void> {
  const u = await getDb().user.findUnique({ where: { id: actor.userId }, select: { isPlatformOperator: true } });
  if (!u?.isPlatformOperator) throw new DomainError('FORBIDDEN', 'Only platform operators can do this.').withText('operator.operatorsOnly');
}

/** An operator's change; `tenantId` when it concerns one tenant (the tenant sees it in its log). */
export async function auditOperator(actor: OperatorActor, tenantId: string | null, action: string, target: string, details: Record<string, unknown>) {
  await recordAudit(tenantId, { userId: actor.userId, actor: actor.email, ip: actor.ip, action, target, details });
}
