// Brute-force protection for sign-in: an account locks for LOCK_MINUTES after
// MAX_ACCOUNT_FAILURES consecutive failures, and one IP may fail at most
// MAX_IP_FAILURES times per IP_WINDOW_MINUTES across all accounts (password spraying).
import { getDb } from '@rundbrief/db';
import { DomainError } from '../errors.ts';

export const MAX_ACCOUNT_FAILURES = 5;
export const LOCK_MINUTES = 15;
export const MAX_IP_FAILURES = 20;
export const IP_WINDOW_MINUTES = 15;

export async function assertIpNotThrottled(ip: string): Promise<void> {
  const since = new Date(Date.now() - IP_WINDOW_MINUTES * 60_000);
  const failures = await getDb().loginAttempt.count({ where: { ip, success: false, createdAt: { gt: since } } });
  if (failures >= MAX_IP_FAILURES) {
    throw new DomainError('RATE_LIMITED', 'Too many failed sign-ins from your network. Wait a few minutes and try again.').withText('accounts.networkLocked');
  }
}

/** Counts a failure atomically and locks the account when the limit is reached. Returns true when it just locked. */
export async function registerLoginFailure(userId: string): Promise<boolean> {
  const lockUntil = new Date(Date.now() + LOCK_MINUTES * 60_000);
  const rows = await getDb().$queryRaw<{ failedLogins: number }[]>`
    UPDATE "User" SET "failedLogins" = "failedLogins" + 1,
      "lockedUntil" = CASE WHEN "failedLogins" + 1 >= ${MAX_ACCOUNT_FAILURES} THEN ${lockUntil} ELSE "lockedUntil" END
    WHERE id = ${userId}::uuid RETURNING "failedLogins"`;
  return rows[0]?.failedLogins === MAX_ACCOUNT_FAILURES;
}

export async function registerLoginSuccess(userId: string): Promise<void> {
  await getDb().user.update({ where: { id: userId }, data: { failedLogins: 0, lockedUntil: null } });
}
