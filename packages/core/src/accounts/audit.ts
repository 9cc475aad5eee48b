// Audit log: who did what, when, from which IP. Written for logins, failed logins, role and
// membership changes, policy changes, API key changes and exports; never contains secrets.
import { getDb, tenantDb, type Prisma } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';

export type AuditInput = {
  tenantId: string | null;
  userId?: string | null;
  actor?: string | null; // e-mail or "api-key:<prefix>"
  action: string;
  target?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
};

export async function recordAudit(input: AuditInput): Promise<void> {
  const data = {
    userId: input.userId ?? null,
    actor: input.actor ?? null,
    action: input.action,
    target: input.target ?? null,
    ip: input.ip ?? null,
    details: (input.details ?? {}) as Prisma.InputJsonValue,
  };
  // Failed logins for unknown addresses have no tenant: they go in without one.
  if (input.tenantId) await tenantDb(input.tenantId).auditLog.create({ data: { ...data, tenantId: input.tenantId } });
  else await getDb().auditLog.create({ data });
}

/** Who did it, for an entry written by a use case: ctx's tenant, user and address, `actor` as re-read. */
export function auditBy(ctx: TenantCtx, actor: string) {
  return { tenantId: ctx.tenantId, userId: ctx.userId ?? null, actor, ip: ctx.ip ?? null };
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
