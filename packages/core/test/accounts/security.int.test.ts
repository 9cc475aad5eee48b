import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { authenticator } from 'otplib';
import { getDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import {
  authenticateApiKey, beginTotpEnrolment, checkTenantIpAccess, confirmTotpEnrolment, createApiKey, DomainError, getSecuritySettings,
  listApiKeys, listAuditLog, revokeApiKey, setRequireTotp, updateNetworkSettings, updatePasswordPolicy,
} from '../../src/index.ts';
import { addUser, asUser } from './helpers.ts';

const outcome = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof DomainError ? e.code : (e as Error).name));

describe('security settings and API keys', () => {
  beforeEach(truncateAll);
  afterAll(() => getDb().$disconnect());

  it('password policy: ADMIN only, never below 8, audited with before and after', async () => {
    const { a } = await seedTwoTenants();
    const admin = await addUser(a.id, 'ADMIN');
    const marketer = await addUser(a.id, 'MARKETER');
    const policy = { pwMinLength: 14, pwMinDigits: 1, pwMinSymbols: 1, pwMaxAgeDays: 90, pwHistoryCount: 5 };
    expect(await outcome(updatePasswordPolicy(asUser(a.id, marketer.userId), { policy }))).toBe('FORBIDDEN');
    expect(await outcome(updatePasswordPolicy(asUser(a.id, admin.userId), { policy: { ...policy, pwMinLength: 6 } }))).toContain('ZodError');
    await updatePasswordPolicy(asUser(a.id, admin.userId), { policy });
    expect((await getSecuritySettings(asUser(a.id, admin.userId))).policy).toEqual(policy);
    const [entry] = (await listAuditLog({ tenantId: a.id }, { filter: { action: 'security.password_policy_changed' } })).rows;
    expect(entry).toMatchObject({ actor: admin.email, ip: '198.51.100.7', details: { before: { pwMinLength: 12 }, after: { pwMinLength: 14 } } });
  });

  it('requiring TOTP needs the admin to have enrolled first', async () => {
    const { a } = await seedTwoTenants();
    const admin = await addUser(a.id, 'ADMIN');
    expect(await outcome(setRequireTotp(asUser(a.id, admin.userId), { requireTotp: true }))).toBe('PRECONDITION');
    const { secret } = await beginTotpEnrolment({ userId: admin.userId });
    await confirmTotpEnrolment({ userId: admin.userId, code: authenticator.generate(secret) });
    await setRequireTotp(asUser(a.id, admin.userId), { requireTotp: true });
    expect((await getDb().tenant.findUniqueOrThrow({ where: { id: a.id } })).requireTotp).toBe(true);
  });

  it('refuses an allowlist that locks the saving admin out unless confirmed, and then enforces it', async () => {
    const { a } = await seedTwoTenants();
    const admin = await addUser(a.id, 'ADMIN');
    const currentIp = '198.51.100.7';
    const err = await updateNetworkSettings(asUser(a.id, admin.userId), { entries: [{ cidr: '10.0.0.0/8', comment: 'office' }], currentIp }).catch((e: DomainError) => e);
    expect(err).toMatchObject({ code: 'PRECONDITION', details: { currentIp: '198.51.100.7', locksOut: true } });
    expect((await getSecuritySettings(asUser(a.id, admin.userId))).ipAllowlist).toEqual([]);

    await updateNetworkSettings(asUser(a.id, admin.userId), { entries: [{ cidr: '198.51.100.0/24', comment: 'office' }, { cidr: '2001:db8::/48', comment: 'v6' }], currentIp });
    expect(await checkTenantIpAccess({ tenantId: a.id, ip: currentIp })).toEqual({ ip: '198.51.100.7', allowed: true });
    expect(await checkTenantIpAccess({ tenantId: a.id, ip: '2001:db8:0:ffff::1' })).toMatchObject({ allowed: true });
    expect(await checkTenantIpAccess({ tenantId: a.id, ip: '2001:db8:1::1' })).toMatchObject({ allowed: false });
    // an unknown client address is refused by any allowlist
    expect(await checkTenantIpAccess({ tenantId: a.id, ip: null })).toMatchObject({ allowed: false });

    await updateNetworkSettings(asUser(a.id, admin.userId), { entries: [{ cidr: '10.0.0.0/8', comment: '' }], currentIp, confirmLockout: true });
    expect(await checkTenantIpAccess({ tenantId: a.id, ip: currentIp })).toMatchObject({ allowed: false });
  });

  it('API keys: shown once, stored hashed, scoped, revocable, obey the allowlist and record last use', async () => {
    const { a } = await seedTwoTenants();
    const admin = await addUser(a.id, 'ADMIN');
    const viewer = await addUser(a.id, 'VIEWER');
    expect(await outcome(createApiKey(asUser(a.id, viewer.userId), { name: 'x', scopes: ['lists:read'] }))).toBe('FORBIDDEN');
    expect(await outcome(createApiKey(asUser(a.id, admin.userId), { name: 'x', scopes: [] }))).toContain('ZodError');
    const { key, id, prefix } = await createApiKey(asUser(a.id, admin.userId), { name: 'CRM sync', scopes: ['subscribers:read', 'subscribers:write'] });
    expect(key).toMatch(new RegExp(`^rb_${prefix}_`));
    const row = await getDb().apiKey.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(row)).not.toContain(key);

    expect(await authenticateApiKey({ key, scope: 'subscribers:write', ip: '192.0.2.10' })).toMatchObject({ tenantId: a.id, keyId: id, ip: '192.0.2.10' });
    expect(await outcome(authenticateApiKey({ key, scope: 'campaigns:write', ip: '192.0.2.10' }))).toBe('FORBIDDEN');
    expect(await outcome(authenticateApiKey({ key: `${key}x`, scope: 'subscribers:read', ip: '192.0.2.10' }))).toBe('UNAUTHENTICATED');
    const [listed] = await listApiKeys(asUser(a.id, admin.userId));
    expect(listed).toMatchObject({ name: 'CRM sync', lastUsedIp: '192.0.2.10' });
    expect(listed!.lastUsedAt).toBeInstanceOf(Date);

    await getDb().tenant.update({ where: { id: a.id }, data: { ipAllowlist: [{ cidr: '192.0.2.0/28', comment: '' }] } });
    expect(await outcome(authenticateApiKey({ key, scope: 'subscribers:read', ip: '192.0.2.16' }))).toBe('FORBIDDEN');
    expect(await outcome(authenticateApiKey({ key, scope: 'subscribers:read', ip: '192.0.2.15' }))).toBe('ok');
    expect(await outcome(authenticateApiKey({ key, scope: 'subscribers:read', ip: null }))).toBe('FORBIDDEN');

    await revokeApiKey(asUser(a.id, admin.userId), { keyId: id });
    expect(await outcome(authenticateApiKey({ key, scope: 'subscribers:read', ip: '192.0.2.3' }))).toBe('UNAUTHENTICATED');
    const actions = (await listAuditLog({ tenantId: a.id })).rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['apikey.created', 'apikey.revoked', 'apikey.ip_refused']));
  });
});
