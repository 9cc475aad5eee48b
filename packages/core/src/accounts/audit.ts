// Audit log: who did what, when, from which IP. Written for logins, failed logins, role and
// membership changes, policy changes, API key changes and exports; never contains secrets.
import { getDb, tenantDb, type Prisma } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';

/** One entry; the tenant it belongs to is recordAudit's own argument. */
export type AuditEntry = {
  userId?: string | null;
  actor?: string | null; // e-mail or "api-key:<prefix>"
  action: string;
  target?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
};

/** `tenantId` null: entries without a tenant (failed logins of unknown addresses, deleted tenants). */
export async function recordAudit(tenantId: string | null, input: AuditEntry): Promise<void> {
  const data = {
    userId: input.userId ?? null,
    actor: input.actor ?? null,
    action: input.action,
    target: input.target ?? null,
    ip: input.ip ?? null,
    details: (input.details ?? {}) as Prisma.InputJsonValue,
  };
  if (tenantId) await tenantDb(tenantId).auditLog.create({ data: { ...data, tenantId } });
  else await getDb().auditLog.create({ data });
}

/** Who did it, for an entry written by a use case: ctx's user and address, `actor` as re-read. */
export function auditBy(ctx: TenantCtx, actor: string) {
  return { userId: ctx.userId ?? null, actor, ip: ctx.ip ?? null };
}

export type AuditFilter = { action?: string; actor?: string; from?: Date; to?: Date };

export const AUDIT_PAGE_SIZE = 50;

/** One page of the tenant's audit log, newest first; `page` counts from 1. */
export async function listAuditLog(ctx: TenantCtx, { page = 1, filter = {} }: { page?: number; filter?: AuditFilter } = {}) {
  const where: Prisma.AuditLogWhereInput = {
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.actor ? { actor: { contains: filter.actor, mode: 'insensitive' } } : {}),
    ...(filter.from || filter.to ? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } } : {}),
  };
  const db = tenantDb(ctx.tenantId);
  const [total, rows, actions] = await Promise.all([
    db.auditLog.count({ where }),
    db.auditLog.findMany({ where, orderBy: { id: 'desc' }, skip: (Math.max(1, page) - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE }),
    db.auditLog.findMany({ distinct: ['action'], select: { action: true }, orderBy: { action: 'asc' } }),
  ]);
  return {
    total,
    page: Math.max(1, page),
    pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
    rows: rows.map((r) => ({ ...r, id: r.id.toString() })),
    actions: actions.map((a) => a.action),
  };
}
