// Changing and resetting passwords. Both check the (strictest) tenant policy, keep the
// history of hashes, and bump User.sessionVersion so every existing session is invalidated.
import { z } from 'zod';
import { getDb } from '@rundbrief/db';
import { DomainError } from '../errors.ts';
import { randomToken, sha256 } from '../crypto.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { checkPasswordPolicy, effectivePolicyForUser, policyError } from './password-policy.ts';
import { recordAudit } from './audit.ts';
import { appUrl, sendAccountMail } from './mail.ts';
import { coreTranslator } from '../i18n/translate.ts';
import { DEFAULT_LOCALE } from '../i18n/locales.ts';
import { coreText, zodText } from '../texts.ts';

const HISTORY_KEEP = 24; // the highest pwHistoryCount a tenant may set
export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;

/** Checks the policy for `userId` and stores the new hash; returns the new sessionVersion. */
async function setPassword(userId: string, newPassword: string, extra: { clearLockout?: boolean } = {}) {
  const db = getDb();
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  const policy = await effectivePolicyForUser(userId);
  const violations = await checkPasswordPolicy(policy, newPassword, [user.passwordHash, ...user.passwordHistory]);
  if (violations.length) throw policyError(violations);
  const updated = await db.user.update({
    where: { id: userId },
    data: {
      passwordHash: await hashPassword(newPassword),
      passwordChangedAt: new Date(),
      passwordHistory: [user.passwordHash, ...user.passwordHistory].slice(0, HISTORY_KEEP),
      sessionVersion: { increment: 1 },
      ...(extra.clearLockout ? { failedLogins: 0, lockedUntil: null } : {}),
    },
  });
  return updated.sessionVersion;
}

async function auditForUser(userId: string, action: string, ip?: string | null) {
  const user = await getDb().user.findUnique({ where: { id: userId }, include: { memberships: true } });
  if (!user) return;
  for (const m of user.memberships) await recordAudit(m.tenantId, { userId, actor: user.email, action, target: user.email, ip });
}

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, zodText('accounts.enterCurrentPassword', 'Enter your current password')).max(1024),
  newPassword: z.string().min(1, zodText('accounts.enterNewPassword', 'Enter a new password')).max(1024),
});

export async function changePassword(input: { userId: string; ip?: string | null } & z.input<typeof changePasswordSchema>) {
  const { currentPassword, newPassword } = changePasswordSchema.parse(input);
  const user = await getDb().user.findUnique({ where: { id: input.userId } });
  if (!user) throw new DomainError('NOT_FOUND', 'User not found').withText('common.notFound', { what: 'User' });
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new DomainError('VALIDATION', 'Your current password is not correct.', { fieldErrors: { currentPassword: ['Your current password is not correct.'] }, fieldTexts: { currentPassword: [coreText('accounts.currentPasswordWrong')] } }).withText('accounts.currentPasswordWrong');
  }
  const sessionVersion = await setPassword(user.id, newPassword);
  await auditForUser(user.id, 'password.changed', input.ip);
  return { sessionVersion };
}

/**
 * Always answers the same way, whether or not the address has an account, so the form
 * cannot be used to find out who is registered. At most one mail per minute per user.
 */
export async function requestPasswordReset(input: { email: string; ip?: string | null }): Promise<void> {
  const email = z.string().trim().toLowerCase().pipe(z.email()).safeParse(input.email);
  if (!email.success) throw new DomainError('VALIDATION', 'Enter a valid e-mail address').withText('accounts.enterValidEmail');
  const db = getDb();
  const user = await db.user.findUnique({ where: { email: email.data } });
  if (!user) return;
  const recent = await db.passwordResetToken.count({ where: { userId: user.id, createdAt: { gt: new Date(Date.now() - 60_000) } } });
  if (recent > 0) return;
  const token = randomToken();
  await db.passwordResetToken.create({ data: { userId: user.id, tokenHash: sha256(token), expiresAt: new Date(Date.now() + RESET_TOKEN_TTL_MS) } });
  // In the user's own language (issue 14): the profile's choice, else English.
  const t = coreTranslator(user.locale ?? DEFAULT_LOCALE, 'account');
  await sendAccountMail(null, {
    kind: 'PASSWORD_RESET',
    to: user.email,
    subject: t('resetSubject'),
    lines: [t('resetIntro'), t('resetExpiry')],
    action: { label: t('resetAction'), url: appUrl(`/reset-password/${token}`) },
  });
  await auditForUser(user.id, 'password.reset_requested', input.ip);
}

async function findUsableResetToken(token: string) {
  const row = await getDb().passwordResetToken.findUnique({ where: { tokenHash: sha256(token) }, include: { user: { select: { email: true } } } });
  if (!row || row.usedAt || row.expiresAt <= new Date()) return null;
  return row;
}

/** For the reset page: is this link still good, and for whom. */
export async function getPasswordResetToken(token: string) {
  const row = await findUsableResetToken(token);
  if (!row) throw new DomainError('GONE', 'This reset link has expired or was already used. Request a new one.').withText('accounts.resetLinkGone');
  return { email: row.user.email, userId: row.userId };
}

export async function resetPassword(input: { token: string; newPassword: string; ip?: string | null }) {
  const row = await findUsableResetToken(input.token);
  if (!row) throw new DomainError('GONE', 'This reset link has expired or was already used. Request a new one.').withText('accounts.resetLinkGone');
  // Check the policy before consuming the token, so a rejected password can be retried.
  const policy = await effectivePolicyForUser(row.userId);
  const user = await getDb().user.findUniqueOrThrow({ where: { id: row.userId } });
  const violations = await checkPasswordPolicy(policy, input.newPassword, [user.passwordHash, ...user.passwordHistory]);
  if (violations.length) throw policyError(violations);
  // Conditional claim: of two concurrent uses of one link, exactly one wins.
  const claimed = await getDb().passwordResetToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } });
  if (claimed.count !== 1) throw new DomainError('GONE', 'This reset link has expired or was already used. Request a new one.').withText('accounts.resetLinkGone');
  await setPassword(row.userId, input.newPassword, { clearLockout: true });
  await auditForUser(row.userId, 'password.reset', input.ip);
  return { email: row.user.email };
}
