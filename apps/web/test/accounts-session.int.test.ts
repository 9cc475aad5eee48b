// Sessions end when the accounts rules say so: a password change or reset through the real
// use cases signs out every session issued before it, and a removed member loses the tenant.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import { authenticate, changePassword, closeQueues, hashPassword, removeMember, requestPasswordReset, resetPassword, getQueue, QUEUES } from '@rundbrief/core';
import { resolveMember } from '../lib/member.ts';

const PASSWORD = 'session test password 1';

async function signedIn() {
  const { a } = await seedTwoTenants();
  const owner = await getDb().user.create({ data: { email: `owner${Math.random()}@example.test`, passwordHash: await hashPassword(PASSWORD) } });
  await getDb().membership.create({ data: { tenantId: a.id, userId: owner.id, role: 'OWNER' } });
  const user = await getDb().user.create({ data: { email: `m${Math.random()}@example.test`, passwordHash: await hashPassword(PASSWORD) } });
  const m = await getDb().membership.create({ data: { tenantId: a.id, userId: user.id, role: 'MARKETER' } });
  // What the login route puts into the JWT.
  const auth = await authenticate({ email: user.email, password: PASSWORD, ip: '192.0.2.1' });
  return { a, owner, user, membershipId: m.id, token: { userId: auth.userId, tenantId: auth.memberships[0]!.tenantId, sessionVersion: auth.sessionVersion } };
}

describe('sessions and account changes', () => {
  beforeEach(truncateAll);
  afterAll(async () => {
    await closeQueues();
    await getDb().$disconnect();
  });

  it('a password change signs out the old session; a fresh sign-in works', async () => {
    const { user, token } = await signedIn();
    expect((await resolveMember(token)).kind).toBe('member');
    await changePassword({ userId: user.id, currentPassword: PASSWORD, newPassword: 'a different password 2' });
    expect(await resolveMember(token)).toEqual({ kind: 'signed-out' });
    const again = await authenticate({ email: user.email, password: 'a different password 2', ip: '192.0.2.1' });
    expect((await resolveMember({ ...token, sessionVersion: again.sessionVersion })).kind).toBe('member');
  });

  it('a password reset by mail signs out the old session too', async () => {
    const { user, token } = await signedIn();
    await requestPasswordReset({ email: user.email });
    const [job] = await getQueue(QUEUES.systemMail).getJobs(['waiting']);
    const resetToken = /\/reset-password\/([A-Za-z0-9_-]+)/.exec((job!.data as { text: string }).text)![1]!;
    await resetPassword({ token: resetToken, newPassword: 'reset password number 3' });
    expect(await resolveMember(token)).toEqual({ kind: 'signed-out' });
    await getQueue(QUEUES.systemMail).obliterate({ force: true });
  });

  it('a removed member keeps no access to the tenant', async () => {
    const { a, owner, membershipId, token } = await signedIn();
    await removeMember({ tenantId: a.id, userId: owner.id }, { membershipId });
    expect((await resolveMember(token)).kind).toBe('no-membership');
  });
});
