// Tenant B's members and API key against tenant A's ids: every accounts use case misses
// (NOT_FOUND) and nothing of A changes.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import {
  authenticateApiKey, changeRole, closeQueues, createApiKey, DomainError, getSecuritySettings, inviteMember, listApiKeys,
  listAuditLog, listInvitations, listMembers, removeMember, revokeApiKey, revokeInvitation, setRequireTotp, transferOwnership,
  updateNetworkSettings, updatePasswordPolicy, deleteTenant,
} from '../../src/index.ts';
import { addUser, asUser, clearMailQueue } from './helpers.ts';

const outcome = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof DomainError ? e.code : (e as Error).name));

async function snapshotA(tenantId: string) {
  const db = getDb();
  const [tenant, memberships, keys, invitations] = await Promise.all([
    db.tenant.findUniqueOrThrow({ where: { id: tenantId } }),
    db.membership.findMany({ where: { tenantId }, orderBy: { id: 'asc' } }),
    db.apiKey.findMany({ where: { tenantId }, orderBy: { id: 'asc' } }),
    db.invitation.findMany({ where: { tenantId }, orderBy: { id: 'asc' } }),
  ]);
  return JSON.stringify({ tenant: { ...tenant, updatedAt: null }, memberships, keys, invitations });
}

describe('cross-tenant: B against A', () => {
  beforeEach(async () => {
    await truncateAll();
    await clearMailQueue();
  });
  afterAll(async () => {
    await closeQueues();
    await getDb().$disconnect();
  });

  it("B's owner (member of B only) gets NOT_FOUND for A's members, invitations, keys and settings", async () => {
    const { a, b } = await seedTwoTenants();
    const ownerA = await addUser(a.id, 'OWNER');
    const adminA = await addUser(a.id, 'ADMIN');
    const ownerB = await addUser(b.id, 'OWNER');
    const keyA = await createApiKey(asUser(a.id, ownerA.userId), { name: 'A key', scopes: ['lists:read'] });
    const invA = await inviteMember(asUser(a.id, ownerA.userId), { email: 'someone@example.test', role: 'VIEWER' });
    const before = await snapshotA(a.id);
    const auditBefore = (await listAuditLog({ tenantId: a.id })).total;

    // B's owner naming tenant A directly: not a member there, so A does not exist for them.
    const asBInA = asUser(a.id, ownerB.userId);
    const policy = { pwMinLength: 20, pwMinDigits: 0, pwMinSymbols: 0, pwMaxAgeDays: null, pwHistoryCount: 0 };
    const attempts = {
      listMembers: () => listMembers(asBInA),
      changeRole: () => changeRole(asBInA, { membershipId: adminA.membershipId, role: 'VIEWER' }),
      removeMember: () => removeMember(asBInA, { membershipId: adminA.membershipId }),
      transferOwnership: () => transferOwnership(asBInA, { membershipId: adminA.membershipId }),
      inviteMember: () => inviteMember(asBInA, { email: 'evil@example.test', role: 'ADMIN' }),
      listInvitations: () => listInvitations(asBInA),
      revokeInvitation: () => revokeInvitation(asBInA, { invitationId: invA.invitationId }),
      createApiKey: () => createApiKey(asBInA, { name: 'evil', scopes: ['lists:read'] }),
      listApiKeys: () => listApiKeys(asBInA),
      revokeApiKey: () => revokeApiKey(asBInA, { keyId: keyA.id }),
      getSecuritySettings: () => getSecuritySettings(asBInA),
      updatePasswordPolicy: () => updatePasswordPolicy(asBInA, { policy }),
      setRequireTotp: () => setRequireTotp(asBInA, { requireTotp: false }),
      updateNetworkSettings: () => updateNetworkSettings(asBInA, { entries: [], currentIp: '198.51.100.7' }),
      deleteTenant: () => deleteTenant(asBInA, { confirmSlug: a.slug }),
    };
    for (const [name, run] of Object.entries(attempts)) expect([name, await outcome(run())]).toEqual([name, 'NOT_FOUND']);

    // B's owner in their own tenant, with A's ids (and A's tenantId smuggled into the input,
    // as a request body could): the rows are not there, and the input cannot move the tenant.
    const asB = asUser(b.id, ownerB.userId);
    const smuggled: object = { tenantId: a.id };
    const scoped = {
      changeRole: () => changeRole(asB, { ...smuggled, membershipId: adminA.membershipId, role: 'VIEWER' }),
      removeMember: () => removeMember(asB, { ...smuggled, membershipId: ownerA.membershipId }),
      transferOwnership: () => transferOwnership(asB, { ...smuggled, membershipId: adminA.membershipId }),
      revokeInvitation: () => revokeInvitation(asB, { ...smuggled, invitationId: invA.invitationId }),
      revokeApiKey: () => revokeApiKey(asB, { ...smuggled, keyId: keyA.id }),
    };
    for (const [name, run] of Object.entries(scoped)) expect([name, await outcome(run())]).toEqual([name, 'NOT_FOUND']);
    // Writes that create rows land in B, whatever tenantId the input names.
    const keyInB = await createApiKey(asB, { ...smuggled, name: 'B key', scopes: ['lists:read'] });
    expect((await getDb().apiKey.findUniqueOrThrow({ where: { id: keyInB.id } })).tenantId).toBe(b.id);
    const invInB = await inviteMember(asB, { ...smuggled, email: 'friend@example.test', role: 'VIEWER' });
    expect((await getDb().invitation.findUniqueOrThrow({ where: { id: invInB.invitationId } })).tenantId).toBe(b.id);
    expect((await listMembers(asB)).map((m) => m.email)).toEqual([ownerB.email]);
    expect((await listApiKeys(asB)).map((k) => k.name)).toEqual(['B key']);
    expect((await listInvitations(asB)).map((i) => i.email)).toEqual(['friend@example.test']);

    expect(await snapshotA(a.id)).toBe(before);
    expect((await listAuditLog({ tenantId: a.id })).total).toBe(auditBefore);
  });

  it("B's API key resolves to B only, and A's allowlist does not apply to it", async () => {
    const { a, b } = await seedTwoTenants();
    const ownerB = await addUser(b.id, 'OWNER');
    await getDb().tenant.update({ where: { id: a.id }, data: { ipAllowlist: [{ cidr: '10.0.0.0/8', comment: '' }] } });
    const keyB = await createApiKey(asUser(b.id, ownerB.userId), { name: 'B', scopes: ['lists:write'] });
    expect(await authenticateApiKey({ key: keyB.key, scope: 'lists:write', ip: '192.0.2.1' })).toMatchObject({ tenantId: b.id, keyId: keyB.id });
    // B's key id used as if it were A's
    const ownerA = await addUser(a.id, 'OWNER');
    expect(await outcome(revokeApiKey(asUser(a.id, ownerA.userId), { keyId: keyB.id }))).toBe('NOT_FOUND');
    expect((await getDb().apiKey.findUniqueOrThrow({ where: { id: keyB.id } })).revokedAt).toBeNull();
  });
});
