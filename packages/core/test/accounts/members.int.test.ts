import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import {
  acceptInvitation, changeRole, closeQueues, getInvitation, inviteMember, listAuditLog, listMembers,
  removeMember, signUp, transferOwnership, deleteTenant,
} from '../../src/index.ts';
import { addUser, asUser, clearMailQueue, linkToken, queuedMails, PASSWORD } from './helpers.ts';
import { errorCode as code } from '../error-code.ts';

describe('sign-up, invitations and members', () => {
  beforeEach(async () => {
    await truncateAll();
    await clearMailQueue();
  });
  afterAll(async () => {
    await closeQueues();
    await getDb().$disconnect();
  });

  it('sign-up creates the tenant with its owner, enforces the policy and a unique slug', async () => {
    await expect(signUp({ tenantName: 'Acme', slug: 'acme', email: 'Ann@Example.test', password: 'short' })).rejects.toMatchObject({
      code: 'POLICY', message: 'Use at least 12 characters.',
    });
    const r = await signUp({ tenantName: 'Acme', slug: 'acme', email: 'Ann@Example.test', password: PASSWORD, ip: '192.0.2.1' });
    const m = await getDb().membership.findFirstOrThrow({ where: { tenantId: r.tenantId }, include: { user: true } });
    expect(m.role).toBe('OWNER');
    expect(m.user.email).toBe('ann@example.test');
    expect(m.user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await code(signUp({ tenantName: 'Other', slug: 'ACME', email: 'bob@example.test', password: PASSWORD }))).toBe('CONFLICT');
    expect(await code(signUp({ tenantName: 'Other', slug: 'other', email: 'ann@example.test', password: PASSWORD }))).toBe('CONFLICT');
    expect(await getDb().tenant.count()).toBe(1);
    const audit = await listAuditLog({ tenantId: r.tenantId });
    expect(audit.rows[0]).toMatchObject({ action: 'tenant.created', ip: '192.0.2.1' });
  });

  it('invites by mail with a single-use link that creates the member with the invited role', async () => {
    const { a } = await seedTwoTenants();
    const admin = await addUser(a.id, 'ADMIN');
    await inviteMember(asUser(a.id, admin.userId), { email: 'new@example.test', role: 'MARKETER' });
    const [mail] = await queuedMails('INVITATION');
    expect(mail?.to).toBe('new@example.test');
    expect(mail?.subject).toContain('Tenant A');
    const token = linkToken(mail!.text, '/invite');
    const inv = await getDb().invitation.findFirstOrThrow();
    expect(inv.tokenHash).not.toContain(token); // only the hash is stored
    expect(inv.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);

    expect(await getInvitation(token)).toMatchObject({ email: 'new@example.test', role: 'MARKETER', existingUser: false, tenantName: 'Tenant A' });
    await expect(acceptInvitation({ token, password: 'too-short' })).rejects.toMatchObject({ code: 'POLICY' });
    await acceptInvitation({ token, password: PASSWORD, name: 'New Person' });
    const members = await listMembers(asUser(a.id, admin.userId));
    expect(members.find((m) => m.email === 'new@example.test')?.role).toBe('MARKETER');
    // second use of the same link
    expect(await code(acceptInvitation({ token, password: PASSWORD }))).toBe('GONE');
    expect(await code(getInvitation(token))).toBe('GONE');
  });

  it('refuses expired invitations, and an existing user must prove their password', async () => {
    const { a, b } = await seedTwoTenants();
    const admin = await addUser(a.id, 'ADMIN');
    const other = await addUser(b.id, 'VIEWER');
    await inviteMember(asUser(a.id, admin.userId), { email: other.email, role: 'VIEWER' });
    const token = linkToken((await queuedMails('INVITATION'))[0]!.text, '/invite');
    expect((await getInvitation(token)).existingUser).toBe(true);
    expect(await code(acceptInvitation({ token, password: 'wrong password here' }))).toBe('VALIDATION');
    await getDb().invitation.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await code(acceptInvitation({ token, password: PASSWORD }))).toBe('GONE');
    expect(await getDb().membership.count({ where: { tenantId: a.id, userId: other.userId } })).toBe(0);
  });

  it('enforces roles: VIEWER and MARKETER cannot invite, ADMIN cannot invite an owner', async () => {
    const { a } = await seedTwoTenants();
    const viewer = await addUser(a.id, 'VIEWER');
    const marketer = await addUser(a.id, 'MARKETER');
    const admin = await addUser(a.id, 'ADMIN');
    expect(await code(inviteMember(asUser(a.id, viewer.userId), { email: 'x@example.test', role: 'VIEWER' }))).toBe('FORBIDDEN');
    expect(await code(inviteMember(asUser(a.id, marketer.userId), { email: 'x@example.test', role: 'VIEWER' }))).toBe('FORBIDDEN');
    expect(await code(inviteMember(asUser(a.id, admin.userId), { email: 'x@example.test', role: 'OWNER' }))).toBe('FORBIDDEN');
    expect(await code(changeRole(asUser(a.id, viewer.userId), { membershipId: marketer.membershipId, role: 'ADMIN' }))).toBe('FORBIDDEN');
    expect(await getDb().invitation.count()).toBe(0);
    expect((await getDb().membership.findUniqueOrThrow({ where: { id: marketer.membershipId } })).role).toBe('MARKETER');
  });

  it('never leaves a tenant without an owner; transfer hands it over', async () => {
    const { a } = await seedTwoTenants();
    const owner = await addUser(a.id, 'OWNER');
    const admin = await addUser(a.id, 'ADMIN');
    expect(await code(changeRole(asUser(a.id, owner.userId), { membershipId: owner.membershipId, role: 'ADMIN' }))).toBe('CONFLICT');
    expect(await code(removeMember(asUser(a.id, owner.userId), { membershipId: owner.membershipId }))).toBe('CONFLICT');
    expect(await code(removeMember(asUser(a.id, admin.userId), { membershipId: owner.membershipId }))).toBe('FORBIDDEN');
    expect(await code(transferOwnership(asUser(a.id, admin.userId), { membershipId: admin.membershipId }))).toBe('FORBIDDEN');

    await transferOwnership(asUser(a.id, owner.userId), { membershipId: admin.membershipId });
    const roles = Object.fromEntries((await listMembers(asUser(a.id, admin.userId))).map((m) => [m.email, m.role]));
    expect(roles).toEqual({ [owner.email]: 'ADMIN', [admin.email]: 'OWNER' });
    // the new owner can now remove the previous one
    await removeMember(asUser(a.id, admin.userId), { membershipId: owner.membershipId });
    expect(await getDb().membership.count({ where: { tenantId: a.id } })).toBe(1);
    const actions = (await listAuditLog({ tenantId: a.id })).rows.map((r) => r.action);
    expect(actions).toEqual(['member.removed', 'ownership.transferred']);
  });

  it('a removed member loses access on the next action', async () => {
    const { a } = await seedTwoTenants();
    const owner = await addUser(a.id, 'OWNER');
    const admin = await addUser(a.id, 'ADMIN');
    await removeMember(asUser(a.id, owner.userId), { membershipId: admin.membershipId });
    expect(await code(listMembers(asUser(a.id, admin.userId)))).toBe('NOT_FOUND');
  });

  it('only an owner deletes the tenant, after typing its name; everything of it goes', async () => {
    const { a, b } = await seedTwoTenants();
    const owner = await addUser(a.id, 'OWNER');
    const admin = await addUser(a.id, 'ADMIN');
    const ownerB = await addUser(b.id, 'OWNER');
    await getDb().list.create({ data: { tenantId: a.id, name: 'News' } });
    expect(await code(deleteTenant(asUser(a.id, admin.userId), { confirmSlug: a.slug }))).toBe('FORBIDDEN');
    expect(await code(deleteTenant(asUser(a.id, ownerB.userId), { confirmSlug: a.slug }))).toBe('NOT_FOUND');
    expect(await code(deleteTenant(asUser(a.id, owner.userId), { confirmSlug: 'wrong' }))).toBe('VALIDATION');
    await deleteTenant(asUser(a.id, owner.userId), { confirmSlug: a.slug.toUpperCase() });
    expect(await getDb().tenant.count({ where: { id: a.id } })).toBe(0);
    expect(await getDb().list.count()).toBe(0);
    expect(await getDb().membership.count({ where: { tenantId: a.id } })).toBe(0);
    expect(await getDb().tenant.count({ where: { id: b.id } })).toBe(1);
    // users stay (they may belong elsewhere); the audit entry survives without the tenant
    expect(await getDb().user.count({ where: { id: owner.userId } })).toBe(1);
    expect(await getDb().auditLog.findFirst({ where: { action: 'tenant.deleted' } })).toMatchObject({ tenantId: null, target: a.slug, actor: owner.email });
  });
});
