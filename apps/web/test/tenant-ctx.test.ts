// The edge resolver: the context a use case gets is built from the session's member or the
// verified key only; whatever else the caller holds (a request body) has no way in.
import { describe, expect, it } from 'vitest';
import { apiKeyCtx, memberCtx } from '../lib/tenant-ctx.ts';

const member = { tenantId: 'tenant-a', userId: 'user-1', role: 'ADMIN' as const, email: 'admin@a.example' };

describe('tenant context at the edge', () => {
  it("a member's context carries its tenant, user, role, e-mail as actor and the client address", () => {
    expect(memberCtx(member, '198.51.100.7')).toEqual({ tenantId: 'tenant-a', userId: 'user-1', role: 'ADMIN', actor: 'admin@a.example', ip: '198.51.100.7' });
  });

  it('extra fields on what is handed in (a body merged by mistake) do not reach the context', () => {
    const withBody = { ...member, ...({ tenantName: 'A', isOperator: false, listId: 'from-a-body' } as object) } as typeof member;
    expect(Object.keys(memberCtx(withBody, null)).sort()).toEqual(['actor', 'ip', 'role', 'tenantId', 'userId']);
  });

  it('an API key acts without a user or role (use cases that need a member refuse it), audited as its prefix', () => {
    expect(apiKeyCtx({ tenantId: 'tenant-b', keyId: 'key-1', prefix: 'abc123def456', ip: '192.0.2.1' }))
      .toEqual({ tenantId: 'tenant-b', userId: null, role: null, actor: 'api-key:abc123def456', ip: '192.0.2.1', keyId: 'key-1' });
  });
});
