// The caller of a use case, resolved at the edge (session, API key, job payload) and passed
// as its own argument: `useCase(ctx, input)`. The tenant never travels inside client data,
// so no request body can choose it (STYLE.md rule 3).
import type { Role } from '@rundbrief/db';

export type TenantCtx = {
  readonly tenantId: string;
  readonly userId?: string | null;
  readonly role?: Role | null;
  /** Who acts, for the audit log: an e-mail, "api-key:<prefix>" or "system". */
  readonly actor?: string | null;
  /** The client's address as the edge resolved it (trusted proxies only). */
  readonly ip?: string | null;
};

/** A context for work the platform does on a tenant's behalf (jobs, inbound mail). */
export function systemCtx(tenantId: string): TenantCtx {
  return { tenantId, userId: null, role: null, actor: 'system' };
}
