// The one edge resolver: a signed-in member (session) or a verified API key becomes the
// TenantCtx that a use case takes as its own argument, `useCase(ctx, input)`. The tenant
// comes only from here, never from a request body, so client data cannot choose it.
import type { TenantCtx } from '@rundbrief/core';
import type { Member } from './member.ts';

export function memberCtx(member: Pick<Member, 'tenantId' | 'userId' | 'role' | 'email'>, ip: string | null): TenantCtx {
  return { tenantId: member.tenantId, userId: member.userId, role: member.role, actor: member.email, ip };
}

/** An API caller: no user, no role (scopes are checked at the edge); audited as its key. */
export type ApiKeyCtx = TenantCtx & { readonly keyId: string };

export function apiKeyCtx(key: { tenantId: string; keyId: string; prefix: string; ip: string }): ApiKeyCtx {
  return { tenantId: key.tenantId, userId: null, role: null, actor: `api-key:${key.prefix}`, ip: key.ip, keyId: key.keyId };
}
