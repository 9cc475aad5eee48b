// Platform operators suspend a tenant's sending (abuse, unpaid, compromised account).
// Suspension blocks starting campaigns and every send step (assertTenantCanSend in
// deliverability/may-send.ts) and pauses what is running, with the reason shown to the
// tenant; lifting it does not resume anything by itself: the marketer reviews and resumes.
import { getDb } from '@rundbrief/db';
import { recordAudit } from '../accounts/audit.ts';
import { DomainError } from '../errors.ts';
import { transitionCampaigns } from '../campaigns/status.ts';
import { assertPlatformOperator, type OperatorActor } from '../platform/operator.ts';

import { suspendedPause, SUSPENDED_PAUSE_PREFIX } from '../sending/pause-reason.ts';

export { SUSPENDED_PAUSE_PREFIX };

/** The operator acting (re-checked here); the tenant acted on is the use case's own argument. */
export type OperatorCtx = { operatorId: string; operatorEmail?: string | null; ip?: string | null };

async function assertOperator(operatorId: string): Promise<void> {
  const u = await getDb().user.findUnique({ where: { id: operatorId }, select: { isPlatformOperator: true } });
  if (!u?.isPlatformOperator) throw new DomainError('FORBIDDEN', 'Only platform operators can change a tenant’s sending status.').withText('operator.operatorsOnlySuspend');
}

/** The tenant's sending status as the audit entry's "before" (null: no such tenant, refused below). */
async function statusOf(tenantId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(tenantId)) return null;
  return getDb().tenant.findUnique({ where: { id: tenantId }, select: { status: true, suspendedReason: true } });
}

export async function suspendTenant(who: OperatorCtx, tenantId: string, { reason }: { reason: string }) {
  await assertOperator(who.operatorId);
  const text = reason.trim();
  if (text.length < 3) throw new DomainError('VALIDATION', 'Give a reason (the tenant sees it).').withText('operator.suspendReason');
  const before = await statusOf(tenantId);
  const updated = await getDb().tenant.updateMany({ where: { id: tenantId }, data: { status: 'SUSPENDED', suspendedReason: text } });
  if (updated.count === 0) throw new DomainError('NOT_FOUND', 'Tenant not found').withText('common.notFound', { what: 'Tenant' });
  const paused = await transitionCampaigns(tenantId, 'all', 'PAUSED', { from: ['SENDING'], reason: suspendedPause(text) });
  await recordAudit(tenantId, {
    userId: who.operatorId, actor: who.operatorEmail ?? null, ip: who.ip ?? null,
    action: 'tenant.suspend', target: tenantId,
    details: { reason: text, pausedCampaigns: paused.length, before, after: { status: 'SUSPENDED', suspendedReason: text } },
  });
  return { pausedCampaigns: paused.length };
}

export async function unsuspendTenant(who: OperatorCtx, tenantId: string) {
  await assertOperator(who.operatorId);
  const before = await statusOf(tenantId);
  const updated = await getDb().tenant.updateMany({ where: { id: tenantId }, data: { status: 'ACTIVE', suspendedReason: null } });
  if (updated.count === 0) throw new DomainError('NOT_FOUND', 'Tenant not found').withText('common.notFound', { what: 'Tenant' });
  await recordAudit(tenantId, {
    userId: who.operatorId, actor: who.operatorEmail ?? null, ip: who.ip ?? null,
    action: 'tenant.unsuspend', target: tenantId, details: { before, after: { status: 'ACTIVE', suspendedReason: null } },
  });
}

/** Operator overview: every tenant with its status and its last 30 days of sending. */
export async function listTenantsForOperator(actor: OperatorActor) {
  await assertPlatformOperator(actor);
  const since = new Date(Date.now() - 30 * 24 * 3600_000);
  const db = getDb();
  // Platform-wide view for operators: deliberately across tenants, grouped by tenant.
  const [tenants, sent, bounced] = await Promise.all([
    db.tenant.findMany({
      orderBy: { name: 'asc' },
      select: { id: true, name: true, slug: true, status: true, suspendedReason: true, sendRatePerMinute: true, dailySendLimit: true, createdAt: true },
    }),
    db.message.groupBy({ by: ['tenantId'], where: { sentAt: { gte: since } }, _count: { _all: true } }),
    db.message.groupBy({ by: ['tenantId'], where: { status: 'BOUNCED', updatedAt: { gte: since } }, _count: { _all: true } }),
  ]);
  const count = (rows: typeof sent, id: string) => rows.find((r) => r.tenantId === id)?._count._all ?? 0;
  return tenants.map((t) => ({ ...t, sent30d: count(sent, t.id), bounced30d: count(bounced, t.id) }));
}
