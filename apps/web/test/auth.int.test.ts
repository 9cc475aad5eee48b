// next-auth wiring: credentials sign-in against the real database, and the active-tenant
// switch that only accepts tenants the user belongs to.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JWT } from 'next-auth/jwt';
import { getDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import { hashPassword } from '@rundbrief/core';
import { fromPeer } from './peer.ts';

type Authorize = (c: Record<string, string>, req: { headers: Record<string, string> }) => Promise<Record<string, unknown> | null>;
type JwtCallback = (p: { token: JWT; user?: unknown; trigger?: 'update'; session?: unknown }) => Promise<JWT>;

let authorize: Authorize;
let jwt: JwtCallback;

beforeAll(async () => {
  process.env.NEXTAUTH_SECRET ??= 'test-nextauth-secret-0123456789abcdef0123';
  const { authOptions } = await import('../lib/auth.ts');
  const options = authOptions();
  authorize = (options.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
  jwt = options.callbacks!.jwt as unknown as JwtCallback;
});

describe('sign-in and session token', () => {
  beforeEach(truncateAll);
  afterAll(() => getDb().$disconnect());

  async function setup() {
    const { a, b } = await seedTwoTenants();
    const user = await getDb().user.create({ data: { email: 'marta@example.org', passwordHash: await hashPassword('a long passphrase 42!') } });
    await getDb().membership.create({ data: { tenantId: a.id, userId: user.id, role: 'ADMIN' } });
    return { a, b, user };
  }

  it('signs in with the right password (e-mail case-insensitive) into the first membership', async () => {
    const { a, user } = await setup();
    const result = await authorize({ email: ' Marta@Example.org ', password: 'a long passphrase 42!' }, { headers: fromPeer('192.0.2.4') });
    expect(result).toMatchObject({ id: user.id, email: 'marta@example.org', tenantId: a.id, role: 'ADMIN', sessionVersion: 0, isOperator: false });
    const attempt = await getDb().loginAttempt.findFirstOrThrow({ where: { email: 'marta@example.org' } });
    expect(attempt).toMatchObject({ ip: '192.0.2.4', success: true });
  });

  it('refuses a wrong password or an unknown user with the same message', async () => {
    await setup();
    const req = { headers: fromPeer('192.0.2.4') };
    await expect(authorize({ email: 'marta@example.org', password: 'wrong' }, req)).rejects.toThrow('Invalid e-mail or password');
    await expect(authorize({ email: 'nobody@example.org', password: 'wrong' }, req)).rejects.toThrow('Invalid e-mail or password');
    expect(await getDb().loginAttempt.count({ where: { success: false } })).toBe(2);
  });

  it("switches the active tenant only to one of the user's memberships", async () => {
    const { a, b, user } = await setup();
    const token = { userId: user.id, tenantId: a.id, role: 'ADMIN', sessionVersion: 0, isOperator: false } as JWT;
    const refused = await jwt({ token: { ...token }, trigger: 'update', session: { tenantId: b.id } });
    expect(refused.tenantId).toBe(a.id);

    await getDb().membership.create({ data: { tenantId: b.id, userId: user.id, role: 'VIEWER' } });
    const switched = await jwt({ token: { ...token }, trigger: 'update', session: { tenantId: b.id } });
    expect(switched).toMatchObject({ tenantId: b.id, role: 'VIEWER' });
  });
});
