// Sign-in with e-mail and password. First version (web shell); the accounts area adds
// lockout counting, per-IP throttling, password expiry and TOTP on top of this.
import { z } from 'zod';
import { getDb, type Role } from '@rundbrief/db';
import { DomainError } from '../errors.ts';
import { hashPassword, verifyPassword } from './password.ts';

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email({ error: 'Enter a valid e-mail address' })),
  password: z.string().min(1, 'Enter your password').max(1024),
});

export type AuthenticatedUser = {
  userId: string;
  email: string;
  name: string | null;
  isPlatformOperator: boolean;
  sessionVersion: number;
  /** Oldest first: the first one is the default active tenant. */
  memberships: { tenantId: string; tenantName: string; role: Role }[];
};

const INVALID = 'Invalid e-mail or password';

// Verifying against a real hash when the user does not exist keeps the response time the
// same, so timing does not reveal which addresses have accounts.
let dummyHash: Promise<string> | undefined;

export async function authenticate(input: { email: string; password: string; ip: string }): Promise<AuthenticatedUser> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) throw new DomainError('UNAUTHENTICATED', INVALID);
  const { email, password } = parsed.data;
  const db = getDb();
  const user = await db.user.findUnique({
    where: { email },
    include: { memberships: { include: { tenant: { select: { name: true } } }, orderBy: { createdAt: 'asc' } } },
  });

  if (!user) {
    dummyHash ??= hashPassword('not-a-real-password-just-for-timing');
    await verifyPassword(await dummyHash, password);
    await recordAttempt(input.ip, email, false);
    throw new DomainError('UNAUTHENTICATED', INVALID);
  }
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    await recordAttempt(input.ip, email, false);
    throw new DomainError('RATE_LIMITED', 'This account is temporarily locked after too many failed sign-ins. Try again later.');
  }
  const ok = await verifyPassword(user.passwordHash, password);
  await recordAttempt(input.ip, email, ok);
  if (!ok) throw new DomainError('UNAUTHENTICATED', INVALID);

  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    isPlatformOperator: user.isPlatformOperator,
    sessionVersion: user.sessionVersion,
    memberships: user.memberships.map((m) => ({ tenantId: m.tenantId, tenantName: m.tenant.name, role: m.role })),
  };
}

async function recordAttempt(ip: string, email: string, success: boolean): Promise<void> {
  await getDb().loginAttempt.create({ data: { ip, email, success } });
}
