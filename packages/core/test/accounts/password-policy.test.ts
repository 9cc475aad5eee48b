import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, isPasswordExpired, passwordPolicySchema, strictest, DEFAULT_POLICY } from '../../src/accounts/password-policy.ts';
import { hashPassword } from '../../src/accounts/password.ts';

const rules = async (policy: Partial<typeof DEFAULT_POLICY>, pw: string, history: string[] = []) =>
  (await checkPasswordPolicy({ ...DEFAULT_POLICY, ...policy }, pw, history)).map((v) => v.rule);

describe('password policy', () => {
  it('reports each failed rule on its own, with a message naming it', async () => {
    expect(await rules({}, 'short')).toEqual(['length']);
    expect(await rules({ pwMinDigits: 2 }, 'longenoughpassword1')).toEqual(['digits']);
    expect(await rules({ pwMinSymbols: 1 }, 'longenoughpassword1')).toEqual(['symbols']);
    expect(await rules({ pwMinDigits: 1, pwMinSymbols: 1 }, 'abc')).toEqual(['length', 'digits', 'symbols']);
    expect(await rules({ pwMinDigits: 2, pwMinSymbols: 2 }, 'a long one 12 !?')).toEqual([]);
    const [v] = await checkPasswordPolicy({ ...DEFAULT_POLICY, pwMinDigits: 3 }, 'longenoughpassword1');
    expect(v?.message).toBe('Include at least 3 digits.');
  });

  it('never goes below 8 characters, whatever the tenant stored', async () => {
    expect(await rules({ pwMinLength: 4 }, 'abcdefg')).toEqual(['length']);
    expect(await rules({ pwMinLength: 4 }, 'abcdefgh')).toEqual([]);
    expect(passwordPolicySchema.safeParse({ ...DEFAULT_POLICY, pwMinLength: 7 }).success).toBe(false);
  });

  it('counts characters, not UTF-16 units', async () => {
    expect(await rules({ pwMinLength: 8 }, '😀😀😀😀')).toEqual(['length']);
  });

  it('refuses any of the last N passwords, and only those', async () => {
    const h1 = await hashPassword('first-password-1');
    const h2 = await hashPassword('second-password-2');
    const h3 = await hashPassword('third-password-3');
    const history = [h3, h2, h1];
    expect(await rules({ pwHistoryCount: 2 }, 'second-password-2', history)).toEqual(['history']);
    expect(await rules({ pwHistoryCount: 2 }, 'first-password-1', history)).toEqual([]);
    expect(await rules({ pwHistoryCount: 0 }, 'third-password-3', history)).toEqual([]);
  });

  it('expires passwords after pwMaxAgeDays and combines tenants strictly', () => {
    const changed = new Date('2026-01-01T00:00:00Z');
    expect(isPasswordExpired({ ...DEFAULT_POLICY, pwMaxAgeDays: 30 }, changed, new Date('2026-01-31T00:00:00Z'))).toBe(false);
    expect(isPasswordExpired({ ...DEFAULT_POLICY, pwMaxAgeDays: 30 }, changed, new Date('2026-01-31T00:00:01Z'))).toBe(true);
    expect(isPasswordExpired(DEFAULT_POLICY, changed, new Date('2099-01-01'))).toBe(false);
    const s = strictest([{ ...DEFAULT_POLICY, pwMaxAgeDays: 90, pwMinDigits: 2 }, { ...DEFAULT_POLICY, pwMinLength: 16, pwMaxAgeDays: 30 }, DEFAULT_POLICY]);
    expect(s).toEqual({ pwMinLength: 16, pwMinDigits: 2, pwMinSymbols: 0, pwMaxAgeDays: 30, pwHistoryCount: 0 });
  });
});
