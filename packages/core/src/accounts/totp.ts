// TOTP second factor (RFC 6238, 30 s steps, one step of clock drift either way). The
// secret is encrypted at rest; recovery codes are random and stored as SHA-256 hashes
// (they carry 50 bits of entropy each, so a fast hash is enough).
import { authenticator } from 'otplib';
import QRCode from 'qrcode';
import { getDb } from '@rundbrief/db';
import { DomainError } from '../errors.ts';
import { decryptSecret, encryptSecret, sha256 } from '../crypto.ts';
import { randomBytes } from 'node:crypto';
import { verifyPassword } from './password.ts';
import { recordAudit } from './audit.ts';
import { coreEnv } from '../env.ts';
import { sharedRedis } from '../redis.ts';

const totp = authenticator.clone({ window: 1 });
const ISSUER = 'Rundbrief';
const RECOVERY_CODES = 10;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function generateRecoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}
const normaliseCode = (c: string) => c.trim().toLowerCase().replace(/[\s-]/g, '');
const hashRecoveryCode = (c: string) => sha256(`recovery:${normaliseCode(c)}`);

/** Step 1: a fresh secret, stored encrypted but not active until a code from the app confirms it. */
export async function beginTotpEnrolment({ userId }: { userId: string }) {
  const user = await getDb().user.findUnique({ where: { id: userId } });
  if (!user) throw new DomainError('NOT_FOUND', 'User not found').withText('common.notFound', { what: 'User' });
  if (user.totpEnabledAt) throw new DomainError('CONFLICT', 'Two-factor authentication is already on. Turn it off first to enrol a new device.').withText('accounts.totpAlreadyOnEnrol');
  const secret = totp.generateSecret(20);
  await getDb().user.update({ where: { id: userId }, data: { totpSecretEnc: encryptSecret(secret) } });
  const otpauthUrl = totp.keyuri(user.email, ISSUER, secret);
  return { secret, otpauthUrl, qrDataUrl: await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 220 }) };
}

/** Step 2: the first valid code turns TOTP on and yields the recovery codes, shown once. */
export async function confirmTotpEnrolment({ userId, code, ip }: { userId: string; code: string; ip?: string | null }) {
  const user = await getDb().user.findUnique({ where: { id: userId }, include: { memberships: true } });
  if (!user?.totpSecretEnc) throw new DomainError('PRECONDITION', 'Start the enrolment first.').withText('accounts.totpStartFirst');
  if (user.totpEnabledAt) throw new DomainError('CONFLICT', 'Two-factor authentication is already on.').withText('accounts.totpAlreadyOn');
  if (!totp.check(code.replace(/\s/g, ''), decryptSecret(user.totpSecretEnc))) {
    throw new DomainError('VALIDATION', 'That code is not valid. Check the time on your phone and try the current code.').withText('accounts.totpCodeInvalid');
  }
  const codes = Array.from({ length: RECOVERY_CODES }, generateRecoveryCode);
  await getDb().user.update({ where: { id: userId }, data: { totpEnabledAt: new Date(), recoveryCodes: codes.map(hashRecoveryCode) } });
  for (const m of user.memberships) await recordAudit(m.tenantId, { userId, actor: user.email, action: 'totp.enabled', target: user.email, ip });
  return { recoveryCodes: codes };
}


/**
 * RFC 6238 §5.2: a code accepted once must not be accepted again (someone who watched it
 * being typed would otherwise have its whole validity window). Remembered in Redis for
 * longer than the window (3 steps of 30 s); if Redis is down this throws: fail closed.
 */
async function claimCodeOnce(userId: string, code: string): Promise<boolean> {
  const r = await (await sharedRedis()).set(`${coreEnv().QUEUE_PREFIX}:totp-used:${userId}:${code}`, '1', 'EX', 120, 'NX');
  return r === 'OK';
}

/** A TOTP code (each accepted once), or a recovery code (which is consumed). */
export async function verifySecondFactor({ userId, code }: { userId: string; code: string }): Promise<'totp' | 'recovery' | null> {
  const user = await getDb().user.findUnique({ where: { id: userId } });
  if (!user?.totpEnabledAt || !user.totpSecretEnc) return null;
  const compact = code.replace(/\s/g, '');
  if (/^\d{6}$/.test(compact)) {
    return totp.check(compact, decryptSecret(user.totpSecretEnc)) && (await claimCodeOnce(userId, compact)) ? 'totp' : null;
  }
  const h = hashRecoveryCode(code);
  if (!user.recoveryCodes.includes(h)) return null;
  // Conditional on the code still being there: a recovery code works exactly once.
  const n = await getDb().$executeRaw`
    UPDATE "User" SET "recoveryCodes" = array_remove("recoveryCodes", ${h}) WHERE id = ${userId}::uuid AND ${h} = ANY("recoveryCodes")`;
  return n === 1 ? 'recovery' : null;
}

export async function disableTotp({ userId, password, ip }: { userId: string; password: string; ip?: string | null }) {
  const user = await getDb().user.findUnique({ where: { id: userId }, include: { memberships: { include: { tenant: { select: { requireTotp: true, name: true } } } } } });
  if (!user) throw new DomainError('NOT_FOUND', 'User not found').withText('common.notFound', { what: 'User' });
  if (!(await verifyPassword(user.passwordHash, password))) throw new DomainError('VALIDATION', 'Your password is not correct.').withText('accounts.passwordWrong');
  const requiring = user.memberships.find((m) => m.tenant.requireTotp);
  if (requiring) throw new DomainError('POLICY', `${requiring.tenant.name} requires two-factor authentication; it can't be turned off.`).withText('accounts.totpRequired', { tenant: requiring.tenant.name });
  await getDb().user.update({ where: { id: userId }, data: { totpSecretEnc: null, totpEnabledAt: null, recoveryCodes: [] } });
  for (const m of user.memberships) await recordAudit(m.tenantId, { userId, actor: user.email, action: 'totp.disabled', target: user.email, ip });
}
