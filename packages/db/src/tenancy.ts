// Tenancy in the data layer: `tenantDb(tenantId)` returns a client on which every query
// against a tenant-owned model is filtered by that tenant, and every write stamps it. A
// lookup by id of another tenant's row simply misses (null / count 0 / P2025), which the
// edge maps to 404 — never 403, which would leak that the row exists.
import { getDb, type Db } from './client.ts';

/** Models with their own tenantId column. */
export const TENANT_MODELS = [
  'Membership', 'Invitation', 'ApiKey', 'SenderDomain', 'SenderIdentity', 'List',
  'CustomField', 'Subscriber', 'Subscription', 'Suppression', 'Import', 'Template',
  'Campaign', 'CampaignVariant', 'Message', 'Event', 'TrackedLink', 'Alert', 'AuditLog', 'PlatformMail',
  'WebhookEndpoint', 'WebhookEvent', 'WebhookDelivery',
] as const;

/** Models without tenantId, owned through a parent relation. */
const CHILD_MODELS: Record<string, { relation: string; parentModel: string; fk: string }> = {
  TemplateVersion: { relation: 'template', parentModel: 'template', fk: 'templateId' },
  CampaignList: { relation: 'campaign', parentModel: 'campaign', fk: 'campaignId' },
};

const tenantModels = new Set<string>(TENANT_MODELS);

const READ_OPS = new Set([
  'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany',
  'count', 'aggregate', 'groupBy', 'update', 'updateMany', 'updateManyAndReturn',
  'delete', 'deleteMany',
]);

export class TenantScopeError extends Error {}

type Args = Record<string, unknown> & { where?: Record<string, unknown>; data?: unknown; create?: unknown };

function stamp(data: unknown, tenantId: string): unknown {
  if (Array.isArray(data)) return data.map((d) => stamp(d, tenantId));
  if (data && typeof data === 'object') {
    const d = data as Record<string, unknown>;
    if (d.tenantId !== undefined && d.tenantId !== tenantId) {
      throw new TenantScopeError('Refusing to write a row for another tenant');
    }
    // Relation-style create (tenant: { connect }) is not allowed: always use the scalar.
    if ('tenant' in d) throw new TenantScopeError('Use tenantDb writes without a tenant relation');
    return { ...d, tenantId };
  }
  return data;
}

export function tenantScope(db: Db, tenantId: string) {
  if (!tenantId) throw new TenantScopeError('tenantId is required');
  return db.$extends({
    name: 'tenant-scope',
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const a = (args ?? {}) as Args;
          if (tenantModels.has(model)) {
            if (READ_OPS.has(operation)) {
              a.where = { ...(a.where ?? {}), tenantId };
              if (operation.startsWith('update') && a.data) {
                const d = a.data as Record<string, unknown>;
                if ('tenantId' in d && d.tenantId !== tenantId) throw new TenantScopeError('Cannot move a row to another tenant');
              }
            } else if (operation === 'create' || operation === 'createMany' || operation === 'createManyAndReturn') {
              a.data = stamp(a.data, tenantId);
            } else if (operation === 'upsert') {
              a.where = { ...(a.where ?? {}), tenantId };
              a.create = stamp(a.create, tenantId);
            }
            return query(a);
          }
          const child = CHILD_MODELS[model];
          if (child) {
            if (READ_OPS.has(operation) || operation === 'upsert') {
              a.where = { ...(a.where ?? {}), [child.relation]: { tenantId } };
            }
            if (operation === 'create' || operation === 'createMany' || operation === 'upsert') {
              const rows = [a.create ?? a.data].flat() as Record<string, unknown>[];
              const ids = [...new Set(rows.map((r) => r[child.fk] as string))];
              const delegate = (db as unknown as Record<string, { count(q: unknown): Promise<number> }>)[child.parentModel]!;
              const owned = await delegate.count({ where: { id: { in: ids }, tenantId } });
              if (owned !== ids.length) throw new TenantScopeError(`${model}: parent not found in tenant`);
            }
            return query(a);
          }
          return query(a);
        },
      },
    },
  });
}

export type TenantDb = ReturnType<typeof tenantScope>;

/** The tenant-scoped client for one tenant on the process-wide pool. */
export function tenantDb(tenantId: string): TenantDb {
  return tenantScope(getDb(), tenantId);
}
