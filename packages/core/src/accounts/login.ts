// Sign-in with e-mail and password, then the second factor when the user has one. Failed
// attempts are counted per account (lockout) and per IP (throttling, in LoginAttempt);
// every outcome is written to the audit log of the user's tenants.
import { z } from 'zod';
import { getDb, type Role } from '@rundbrief/db';
import { DomainError } from '../errors.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { assertIpNotThrottled, registerLoginFailure, registerLoginSuccess } from './login-guard.ts';
import { isPasswordExpired, strictest } from './password-policy.ts';
import { verifySecondFactor } from './totp.ts';
import { recordAudit } from './audit.ts';
import { zodText } from '../texts.ts';

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email(zodText('accounts.enterValidEmail', 'Enter a valid e-mail address'))),
  password: z.string().min(1, zodText('accounts.enterPassword', 'Enter your password')).max(1024),
  totp: z.string().trim().max(32).optional(),
});

export type AuthenticatedUser = {
  userId: string;
  email: string;
  name: string | null;
  isPlatformOperator: boolean;
  sessionVersion: number;
  /** Oldest first: the first one is the default active tenant. */
  memberships: { tenantId: string; tenantName: string; role: Role }[];
  /** The password is older than the strictest pwMaxAgeDays of the user's tenants. */
  mustChangePassword: boolean;
  /** A tenant requires TOTP and the user has not enrolled yet. */
  mustEnrolTotp: boolean;
};

const INVALID = 'Invalid e-mail or password';
/** The login form shows the code field when it sees this reason. */
export const TOTP_REQUIRED = 'TOTP_REQUIRED';

// Verifying against a real hash when the user does not exist keeps the response time the
// same, so timing does not reveal which addresses have accounts.
let dummyHash: Promise<string> | undefined;

export async function authenticate(input: { email: string; password: string; ip: string; totp?: string }): Promise<AuthenticatedUser> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) throw new DomainError('UNAUTHENTICATED', INVALID).withText('accounts.invalidLogin');
  const { email, password, totp } = parsed.data;
  await assertIpNotThrottled(input.ip);
  const db = getDb();
  const user = await db.user.findUnique({
    where: { email },
    include: { memberships: { include: { tenant: true }, orderBy: { createdAt: 'asc' } } },
  });
  const audit = (action: string, details: Record<string, unknown> = {}) =>
    Promise.all((user?.memberships ?? []).map((m) => recordAudit(m.tenantId, { userId: user!.id, actor: email, action, target: email, ip: input.ip, details })));

  if (!user) {
    dummyHash ??= hashPassword('not-a-real-password-just-for-timing');
    await verifyPassword(await dummyHash, password);
    await recordAttempt(input.ip, email, false);
    throw new DomainError('UNAUTHENTICATED', INVALID).withText('accounts.invalidLogin');
  }
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    await recordAttempt(input.ip, email, false);
    await audit('login.failed', { reason: 'locked' });
    throw new DomainError('RATE_LIMITED', 'This account is temporarily locked after too many failed sign-ins. Try again later or reset your password.').withText('accounts.locked');
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    await failed('password');
    throw new DomainError('UNAUTHENTICATED', INVALID).withText('accounts.invalidLogin');
  }
  if (user.totpEnabledAt) {
    if (!totp) throw new DomainError('UNAUTHENTICATED', 'Enter the code from your authenticator app.', { reason: TOTP_REQUIRED }).withText('accounts.enterTotp');
    if (!(await verifySecondFactor({ userId: user.id, code: totp }))) {
      await failed('totp');
      throw new DomainError('UNAUTHENTICATED', 'That code is not valid. Enter the current code from your authenticator app or a recovery code.', { reason: TOTP_REQUIRED }).withText('accounts.totpInvalid');
    }
  }
  await recordAttempt(input.ip, email, true);
  await registerLoginSuccess(user.id);
  await audit('login.succeeded');

  const tenants = user.memberships.map((m) => m.tenant);
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    isPlatformOperator: user.isPlatformOperator,
    sessionVersion: user.sessionVersion,
    memberships: user.memberships.map((m) => ({ tenantId: m.tenantId, tenantName: m.tenant.name, role: m.role })),
    mustChangePassword: isPasswordExpired(strictest(tenants), user.passwordChangedAt),
    mustEnrolTotp: !user.totpEnabledAt && tenants.some((t) => t.requireTotp),
  };

  async function failed(reason: string) {
    await recordAttempt(input.ip, email, false);
    const locked = await registerLoginFailure(user!.id);
    await audit('login.failed', { reason });
    if (locked) await audit('login.locked');
  }
}

async function recordAttempt(ip: string, email: string, success: boolean): Promise<void> {
  await getDb().loginAttempt.create({ data: { ip, email, success } });
}

/**
 * For the session check on every request: what the user must fix before using the app
 * (expired password, missing TOTP that a tenant requires). Read from the database, so an
 * admin turning on requireTotp applies to sessions that already exist.
 */
export async function pendingSecuritySteps(userId: string): Promise<{ mustChangePassword: boolean; mustEnrolTotp: boolean }> {
  const user = await getDb().user.findUnique({ where: { id: userId }, include: { memberships: { include: { tenant: true } } } });
  if (!user) return { mustChangePassword: false, mustEnrolTotp: false };
  const tenants = user.memberships.map((m) => m.tenant);
  return {
    mustChangePassword: isPasswordExpired(strictest(tenants), user.passwordChangedAt),
    mustEnrolTotp: !user.totpEnabledAt && tenants.some((t) => t.requireTotp),
  };
}
