// Fixtures for the accounts integration tests: real users with argon2 hashes and memberships.
import { getDb, type Role } from '@rundbrief/db';
import { hashPassword } from '../../src/accounts/password.ts';
import { getQueue, QUEUES, type TenantCtx } from '../../src/index.ts';

export const PASSWORD = 'correct horse battery staple';

export async function addUser(tenantId: string, role: Role, email = `${role.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.test`) {
  const user = await getDb().user.create({ data: { email, passwordHash: await hashPassword(PASSWORD) } });
  const membership = await getDb().membership.create({ data: { tenantId, userId: user.id, role } });
  return { userId: user.id, email, membershipId: membership.id };
}

/** The context a session of `userId` would get for `tenantId` (membership or not: the use case re-checks). */
export function asUser(tenantId: string, userId: string): TenantCtx {
  return { tenantId, userId, ip: '198.51.100.7' };
}

/** System mails waiting in this test process's queue (QUEUE_PREFIX is unique per run). */
export async function queuedMails(kind: string) {
  const jobs = await getQueue(QUEUES.systemMail).getJobs(['waiting', 'delayed', 'prioritized']);
  return jobs.filter((j) => j.name === kind).map((j) => j.data as { to: string; subject: string; text: string; html: string });
}

export async function clearMailQueue() {
  await getQueue(QUEUES.systemMail).obliterate({ force: true });
}

export const linkToken = (text: string, path: string) => {
  const m = new RegExp(`${path}/([A-Za-z0-9_-]+)`).exec(text);
  if (!m) throw new Error(`no ${path} link in: ${text}`);
  return m[1]!;
};
