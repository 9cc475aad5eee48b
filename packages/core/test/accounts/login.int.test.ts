import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { authenticator } from 'otplib';
import { getDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import {
  authenticate, beginTotpEnrolment, confirmTotpEnrolment, DomainError, listAuditLog, MAX_ACCOUNT_FAILURES, MAX_IP_FAILURES,
  pendingSecuritySteps,
} from '../../src/index.ts';
import { addUser, PASSWORD } from './helpers.ts';

const outcome = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));

describe('authenticate: lockout, throttling, expiry, TOTP', () => {
  beforeEach(truncateAll);
  afterAll(() => getDb().$disconnect());

  it(`locks the account after ${MAX_ACCOUNT_FAILURES} failures, even for the right password, until the period ends`, async () => {
    const { a } = await seedTwoTenants();
    const u = await addUser(a.id, 'MARKETER');
    for (let i = 0; i < MAX_ACCOUNT_FAILURES; i++) {
      expect(await outcome(authenticate({ email: u.email, password: 'wrong', ip: `192.0.2.${i}` }))).toBe('UNAUTHENTICATED');
    }
    expect(await outcome(authenticate({ email: u.email, password: PASSWORD, ip: '192.0.2.99' }))).toBe('RATE_LIMITED');
    const locked = await getDb().user.findUniqueOrThrow({ where: { id: u.userId } });
    expect(locked.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    const actions = (await listAuditLog({ tenantId: a.id })).rows.map((r) => r.action);
    expect(actions.filter((x) => x === 'login.failed')).toHaveLength(MAX_ACCOUNT_FAILURES + 1);
    expect(actions).toContain('login.locked');

    // the period ends: the right password works and resets the counter
    await getDb().user.update({ where: { id: u.userId }, data: { lockedUntil: new Date(Date.now() - 1) } });
    const ok = await authenticate({ email: u.email, password: PASSWORD, ip: '192.0.2.99' });
    expect(ok.memberships).toEqual([{ tenantId: a.id, tenantName: 'Tenant A', role: 'MARKETER' }]);
    expect(await getDb().user.findUniqueOrThrow({ where: { id: u.userId } })).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });

  it(`throttles an IP after ${MAX_IP_FAILURES} failures across accounts, not other IPs`, async () => {
    const { a } = await seedTwoTenants();
    const u = await addUser(a.id, 'VIEWER');
    const ip = '203.0.113.50';
    await getDb().loginAttempt.createMany({
      data: Array.from({ length: MAX_IP_FAILURES }, (_, i) => ({ ip, email: `victim${i}@example.test`, success: false })),
    });
    expect(await outcome(authenticate({ email: u.email, password: PASSWORD, ip }))).toBe('RATE_LIMITED');
    expect(await outcome(authenticate({ email: u.email, password: PASSWORD, ip: '203.0.113.51' }))).toBe('ok');
    // old failures fall out of the window
    await getDb().loginAttempt.updateMany({ where: { ip }, data: { createdAt: new Date(Date.now() - 16 * 60_000) } });
    expect(await outcome(authenticate({ email: u.email, password: PASSWORD, ip }))).toBe('ok');
  });

  it('flags an expired password and a missing TOTP the tenant requires', async () => {
    const { a } = await seedTwoTenants();
    const u = await addUser(a.id, 'VIEWER');
    let r = await authenticate({ email: u.email, password: PASSWORD, ip: '192.0.2.1' });
    expect(r).toMatchObject({ mustChangePassword: false, mustEnrolTotp: false });
    await getDb().tenant.update({ where: { id: a.id }, data: { pwMaxAgeDays: 30, requireTotp: true } });
    await getDb().user.update({ where: { id: u.userId }, data: { passwordChangedAt: new Date(Date.now() - 31 * 86_400_000) } });
    r = await authenticate({ email: u.email, password: PASSWORD, ip: '192.0.2.1' });
    expect(r).toMatchObject({ mustChangePassword: true, mustEnrolTotp: true });
    expect(await pendingSecuritySteps(u.userId)).toEqual({ mustChangePassword: true, mustEnrolTotp: true });
  });

  it('asks for the TOTP code after the password, and counts a wrong code as a failure', async () => {
    const { a } = await seedTwoTenants();
    const u = await addUser(a.id, 'ADMIN');
    const { secret } = await beginTotpEnrolment({ userId: u.userId });
    await confirmTotpEnrolment({ userId: u.userId, code: authenticator.generate(secret) });

    const noCode = await authenticate({ email: u.email, password: PASSWORD, ip: '192.0.2.1' }).catch((e: DomainError) => e);
    expect(noCode).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'TOTP_REQUIRED' } });
    // a wrong password never reveals that TOTP is on
    const wrongPw = await authenticate({ email: u.email, password: 'nope', ip: '192.0.2.1' }).catch((e: DomainError) => e);
    expect(wrongPw).toMatchObject({ code: 'UNAUTHENTICATED', details: undefined });

    const bad = authenticator.generate(secret) === '000000' ? '111111' : '000000';
    expect(await outcome(authenticate({ email: u.email, password: PASSWORD, ip: '192.0.2.1', totp: bad }))).toBe('UNAUTHENTICATED');
    expect((await getDb().user.findUniqueOrThrow({ where: { id: u.userId } })).failedLogins).toBe(2);
    const ok = await authenticate({ email: u.email, password: PASSWORD, ip: '192.0.2.1', totp: authenticator.generate(secret) });
    expect(ok.userId).toBe(u.userId);
  });
});
