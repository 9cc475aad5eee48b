import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { authenticator } from 'otplib';
import { getDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import {
  beginTotpEnrolment, changePassword, closeQueues, confirmTotpEnrolment, decryptSecret, disableTotp,
  getPasswordResetToken, requestPasswordReset, resetPassword, verifyPassword, verifySecondFactor,
} from '../../src/index.ts';
import { addUser, clearMailQueue, linkToken, queuedMails, PASSWORD } from './helpers.ts';
import { errorCode as code } from '../error-code.ts';

const user = (id: string) => getDb().user.findUniqueOrThrow({ where: { id } });

describe('password change, reset and TOTP', () => {
  beforeEach(async () => {
    await truncateAll();
    await clearMailQueue();
  });
  afterAll(async () => {
    await closeQueues();
    await getDb().$disconnect();
  });

  it('changing the password checks the current one, the policy and the history, and invalidates sessions', async () => {
    const { a } = await seedTwoTenants();
    await getDb().tenant.update({ where: { id: a.id }, data: { pwMinDigits: 1, pwHistoryCount: 2 } });
    const u = await addUser(a.id, 'MARKETER');
    const before = await user(u.userId);

    expect(await code(changePassword({ userId: u.userId, currentPassword: 'wrong', newPassword: 'new password 1' }))).toBe('VALIDATION');
    await expect(changePassword({ userId: u.userId, currentPassword: PASSWORD, newPassword: 'no digits here at all' })).rejects.toMatchObject({
      code: 'POLICY', message: 'Include at least 1 digit.',
    });
    // the current password counts as history
    await expect(changePassword({ userId: u.userId, currentPassword: PASSWORD, newPassword: PASSWORD })).rejects.toMatchObject({ code: 'POLICY' });
    await getDb().tenant.update({ where: { id: a.id }, data: { pwMinDigits: 0 } });

    const { sessionVersion } = await changePassword({ userId: u.userId, currentPassword: PASSWORD, newPassword: 'second password 2' });
    expect(sessionVersion).toBe(before.sessionVersion + 1);
    await changePassword({ userId: u.userId, currentPassword: 'second password 2', newPassword: 'third password 3' });
    // history 2 = the current and the previous password; the original is three back
    expect(await code(changePassword({ userId: u.userId, currentPassword: 'third password 3', newPassword: 'second password 2' }))).toBe('POLICY');
    await getDb().tenant.update({ where: { id: a.id }, data: { pwHistoryCount: 3 } });
    expect(await code(changePassword({ userId: u.userId, currentPassword: 'third password 3', newPassword: PASSWORD }))).toBe('POLICY');
    const after = await user(u.userId);
    expect(after.sessionVersion).toBe(before.sessionVersion + 2);
    expect(await verifyPassword(after.passwordHash, 'third password 3')).toBe(true);
    expect(after.passwordChangedAt.getTime()).toBeGreaterThan(before.passwordChangedAt.getTime());
  });

  it('a reset link is mailed, works once, expires, and unlocks the account', async () => {
    const { a } = await seedTwoTenants();
    const u = await addUser(a.id, 'VIEWER');
    await getDb().user.update({ where: { id: u.userId }, data: { failedLogins: 9, lockedUntil: new Date(Date.now() + 60_000) } });
    await requestPasswordReset({ email: 'nobody@example.test' }); // same answer, no mail
    await requestPasswordReset({ email: u.email.toUpperCase() });
    const mails = await queuedMails('PASSWORD_RESET');
    expect(mails.map((m) => m.to)).toEqual([u.email]);
    const token = linkToken(mails[0]!.text, '/reset-password');
    expect(await getPasswordResetToken(token)).toMatchObject({ email: u.email });

    expect(await code(resetPassword({ token, newPassword: 'short' }))).toBe('POLICY');
    await resetPassword({ token, newPassword: 'a brand new password' }); // policy failure did not burn the link
    const after = await user(u.userId);
    expect(await verifyPassword(after.passwordHash, 'a brand new password')).toBe(true);
    expect(after).toMatchObject({ failedLogins: 0, lockedUntil: null, sessionVersion: 1 });
    expect(await code(resetPassword({ token, newPassword: 'another new password' }))).toBe('GONE');

    // expiry
    await clearMailQueue();
    await getDb().passwordResetToken.deleteMany();
    await requestPasswordReset({ email: u.email });
    await requestPasswordReset({ email: u.email });
    expect(await queuedMails('PASSWORD_RESET')).toHaveLength(1); // rate limit: one mail a minute
    await getDb().passwordResetToken.updateMany({ data: { createdAt: new Date(Date.now() - 120_000) } });
    await requestPasswordReset({ email: u.email });
    const second = linkToken((await queuedMails('PASSWORD_RESET')).at(-1)!.text, '/reset-password');
    await getDb().passwordResetToken.updateMany({ data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await code(resetPassword({ token: second, newPassword: 'yet another password' }))).toBe('GONE');
  });

  it('TOTP enrolment: secret encrypted at rest, wrong code refused, recovery codes work once', async () => {
    const { a } = await seedTwoTenants();
    const u = await addUser(a.id, 'ADMIN');
    const { secret, otpauthUrl, qrDataUrl } = await beginTotpEnrolment({ userId: u.userId });
    expect(otpauthUrl).toContain('otpauth://totp/Rundbrief:');
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const stored = await user(u.userId);
    expect(stored.totpSecretEnc).not.toContain(secret);
    expect(decryptSecret(stored.totpSecretEnc!)).toBe(secret);
    expect(await verifySecondFactor({ userId: u.userId, code: authenticator.generate(secret) })).toBeNull(); // not active yet

    expect(await code(confirmTotpEnrolment({ userId: u.userId, code: '000000' }))).toBe('VALIDATION');
    const { recoveryCodes } = await confirmTotpEnrolment({ userId: u.userId, code: authenticator.generate(secret) });
    expect(recoveryCodes).toHaveLength(10);
    expect((await user(u.userId)).recoveryCodes.join()).not.toContain(recoveryCodes[0]!.replace('-', ''));

    const now = authenticator.generate(secret);
    expect(await verifySecondFactor({ userId: u.userId, code: now })).toBe('totp');
    // RFC 6238 §5.2: the same code is not accepted twice
    expect(await verifySecondFactor({ userId: u.userId, code: now })).toBeNull();
    expect(await verifySecondFactor({ userId: u.userId, code: '123456' === authenticator.generate(secret) ? '654321' : '123456' })).toBeNull();
    expect(await verifySecondFactor({ userId: u.userId, code: recoveryCodes[0]!.toUpperCase() })).toBe('recovery');
    expect(await verifySecondFactor({ userId: u.userId, code: recoveryCodes[0]! })).toBeNull();
    expect((await user(u.userId)).recoveryCodes).toHaveLength(9);

    await getDb().tenant.update({ where: { id: a.id }, data: { requireTotp: true } });
    expect(await code(disableTotp({ userId: u.userId, password: PASSWORD }))).toBe('POLICY');
    await getDb().tenant.update({ where: { id: a.id }, data: { requireTotp: false } });
    expect(await code(disableTotp({ userId: u.userId, password: 'wrong' }))).toBe('VALIDATION');
    await disableTotp({ userId: u.userId, password: PASSWORD });
    expect(await user(u.userId)).toMatchObject({ totpSecretEnc: null, totpEnabledAt: null, recoveryCodes: [] });
  });
});
