// What requireMember / requireOperator decide, from the database: role changes, removed
// memberships and password changes (sessionVersion) apply on the very next request.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import { resolveMember, resolveOperator } from '../lib/member.ts';

describe('resolveMember', () => {
  beforeEach(truncateAll);
  afterAll(() => getDb().$disconnect());

  async function setup(role: 'OWNER' | 'ADMIN' | 'MARKETER' | 'VIEWER' = 'MARKETER') {
    const { a, b } = await seedTwoTenants();
    const user = await getDb().user.create({ data: { email: `m${Math.random()}@example.org`, passwordHash: 'x' } });
    await getDb().membership.create({ data: { tenantId: a.id, userId: user.id, role } });
    return { a, b, user, token: { userId: user.id, tenantId: a.id, sessionVersion: 0 } };
  }

  it('returns the member with the role stored in the database', async () => {
    const { a, user, token } = await setup('MARKETER');
    const r = await resolveMember(token, 'MARKETER');
    expect(r).toEqual({ kind: 'member', member: { tenantId: a.id, tenantName: 'Tenant A', userId: user.id, role: 'MARKETER', email: user.email, isOperator: false } });
  });

  it('forbids an action above the role, and a demotion takes effect at once', async () => {
    const { a, user, token } = await setup('ADMIN');
    expect((await resolveMember(token, 'ADMIN')).kind).toBe('member');
    await getDb().membership.update({ where: { tenantId_userId: { tenantId: a.id, userId: user.id } }, data: { role: 'VIEWER' } });
    expect((await resolveMember(token, 'ADMIN')).kind).toBe('forbidden');
    expect((await resolveMember(token, 'MARKETER')).kind).toBe('forbidden');
    expect((await resolveMember(token, 'VIEWER')).kind).toBe('member');
  });

  it('signs out sessions issued before a password change', async () => {
    const { user, token } = await setup();
    await getDb().user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
    expect(await resolveMember(token)).toEqual({ kind: 'signed-out' });
    expect(await resolveMember({ ...token, sessionVersion: 1 })).toMatchObject({ kind: 'member' });
  });

  it('does not let a token name a tenant the user is not a member of', async () => {
    const { b, token } = await setup('OWNER');
    expect(await resolveMember({ ...token, tenantId: b.id })).toEqual({ kind: 'no-membership', isOperator: false });
  });

  it('drops a removed member and treats a missing session or deleted user as signed out', async () => {
    const { a, user, token } = await setup();
    await getDb().membership.delete({ where: { tenantId_userId: { tenantId: a.id, userId: user.id } } });
    expect((await resolveMember(token)).kind).toBe('no-membership');
    expect(await resolveMember(null)).toEqual({ kind: 'signed-out' });
    await getDb().user.delete({ where: { id: user.id } });
    expect(await resolveMember(token)).toEqual({ kind: 'signed-out' });
  });

  it('admits only platform operators to operator pages, re-checked each time', async () => {
    const { user, token } = await setup('OWNER');
    expect(await resolveOperator(token)).toBe('forbidden');
    await getDb().user.update({ where: { id: user.id }, data: { isPlatformOperator: true } });
    expect(await resolveOperator(token)).toEqual({ userId: user.id, email: user.email });
    expect(await resolveOperator({ ...token, sessionVersion: 5 })).toBe('signed-out');
    expect(await resolveOperator(undefined)).toBe('signed-out');
  });
});
