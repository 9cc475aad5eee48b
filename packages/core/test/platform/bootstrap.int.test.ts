// Operators on an installation without the seed: named from the shell, never with SQL.
import { spawnSync } from 'node:child_process';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { getPasswordResetToken, resetPassword } from '../../src/accounts/credentials.ts';
import { verifyPassword } from '../../src/accounts/password.ts';
import { grantOperator, listOperators, revokeOperator, SHELL } from '../../src/platform/bootstrap.ts';
import { failure } from './operators.ts';

beforeEach(() => truncateAll());

describe('grantOperator', () => {
  it('creates an operator who chooses a password through the one-time link', async () => {
    const r = await grantOperator('  New.Op@Example.ORG ');
    expect(r.kind).toBe('created');
    if (r.kind !== 'created') return;
    const token = r.setPasswordUrl.split('/reset-password/')[1]!;
    expect(await getPasswordResetToken(token)).toMatchObject({ email: 'new.op@example.org' });
    await resetPassword({ token, newPassword: 'a-long-operator-passphrase-2026' });
    const u = await getDb().user.findUniqueOrThrow({ where: { email: 'new.op@example.org' } });
    expect(u.isPlatformOperator).toBe(true);
    expect(await verifyPassword(u.passwordHash, 'a-long-operator-passphrase-2026')).toBe(true);
    // the token is stored hashed only
    const stored = await getDb().passwordResetToken.findMany({ where: { userId: u.id } });
    expect(JSON.stringify(stored)).not.toContain(token);
    // the link works once
    expect(await failure(resetPassword({ token, newPassword: 'another-long-passphrase-2026' }))).toMatchObject({ code: 'GONE' });
  });

  it('promotes an existing user without touching their password, once', async () => {
    await getDb().user.create({ data: { email: 'member@example.org', passwordHash: 'kept' } });
    expect(await grantOperator('member@example.org')).toEqual({ kind: 'promoted', email: 'member@example.org' });
    expect(await grantOperator('member@example.org')).toEqual({ kind: 'already', email: 'member@example.org' });
    const u = await getDb().user.findUniqueOrThrow({ where: { email: 'member@example.org' } });
    expect(u).toMatchObject({ isPlatformOperator: true, passwordHash: 'kept' });
    const audit = await getDb().auditLog.findMany({ where: { target: 'member@example.org' } });
    expect(audit.map((a) => a.action)).toEqual(['operator.granted']);
  });

  it('refuses a malformed address and never removes the last operator', async () => {
    expect(await failure(grantOperator('not-an-address'))).toMatchObject({ code: 'VALIDATION' });
    await grantOperator('a@example.org');
    expect(await failure(revokeOperator('a@example.org'))).toMatchObject({ code: 'CONFLICT' });
    await grantOperator('b@example.org');
    await revokeOperator('a@example.org');
    expect((await listOperators(SHELL)).map((o) => o.email)).toEqual(['b@example.org']);
    expect(await failure(revokeOperator('a@example.org'))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('npm run operator', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/operator.ts', ...args], { cwd: `${__dirname}/../../../..`, encoding: 'utf8', env: process.env });

  it('prints the link for a new operator and answers bad input with a line and exit code 2', async () => {
    const ok = cli('add', 'cli@example.org');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/reset-password\/\S+/);
    expect((await listOperators(SHELL)).map((o) => o.email)).toEqual(['cli@example.org']);
    // `list` reads as the shell: no sign-in
    const list = cli('list');
    expect([list.status, list.stdout]).toEqual([0, expect.stringMatching(/^cli@example\.org\t\(since \d{4}-\d\d-\d\d\)\n$/)]);
    const bad = cli('add', 'nope');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('"nope" is not a valid e-mail address');
    expect(cli('frobnicate').status).toBe(2);
  });
});
