// Tenant password policy: enforced on sign-up, change, reset and invitation acceptance. Each
// failed rule is reported on its own so the form can say exactly what to fix.
import { z } from 'zod';
import { getDb } from '@rundbrief/db';
import { DomainError } from '../errors.ts';
import { verifyPassword } from './password.ts';

export type PasswordPolicy = {
  pwMinLength: number;
  pwMinDigits: number;
  pwMinSymbols: number;
  pwMaxAgeDays: number | null;
  pwHistoryCount: number;
};

export const DEFAULT_POLICY: PasswordPolicy = { pwMinLength: 12, pwMinDigits: 0, pwMinSymbols: 0, pwMaxAgeDays: null, pwHistoryCount: 0 };
/** No tenant may go below this, whatever it configures (NIST SP 800-63B: at least 8). */
export const ABSOLUTE_MIN_LENGTH = 8;
/** argon2 hashes the whole input; an upper bound stops multi-megabyte "passwords". */
export const MAX_PASSWORD_LENGTH = 256;

export const passwordPolicySchema = z.object({
  pwMinLength: z.coerce.number().int().min(ABSOLUTE_MIN_LENGTH, `The minimum length can't be below ${ABSOLUTE_MIN_LENGTH}`).max(128),
  pwMinDigits: z.coerce.number().int().min(0).max(32),
  pwMinSymbols: z.coerce.number().int().min(0).max(32),
  pwMaxAgeDays: z.coerce.number().int().min(1).max(3650).nullable(),
  pwHistoryCount: z.coerce.number().int().min(0).max(24),
});

export type PolicyRule = 'length' | 'digits' | 'symbols' | 'history' | 'maxLength';
export type PolicyViolation = { rule: PolicyRule; message: string };

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** The rules that need no hashes: usable in the browser for live feedback too. */
export function checkPasswordRules(policy: PasswordPolicy, password: string): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  const minLength = Math.max(ABSOLUTE_MIN_LENGTH, policy.pwMinLength);
  const length = [...password].length;
  if (length < minLength) out.push({ rule: 'length', message: `Use at least ${plural(minLength, 'character')}.` });
  if (length > MAX_PASSWORD_LENGTH) out.push({ rule: 'maxLength', message: `Use at most ${MAX_PASSWORD_LENGTH} characters.` });
  const digits = password.match(/\p{Nd}/gu)?.length ?? 0;
  if (digits < policy.pwMinDigits) out.push({ rule: 'digits', message: `Include at least ${plural(policy.pwMinDigits, 'digit')}.` });
  // A symbol is anything that is neither a letter, a digit nor whitespace.
  const symbols = password.match(/[^\p{L}\p{Nd}\s]/gu)?.length ?? 0;
  if (symbols < policy.pwMinSymbols) out.push({ rule: 'symbols', message: `Include at least ${plural(policy.pwMinSymbols, 'symbol')} (such as ! ? # %).` });
  return out;
}

/**
 * All rules, including "not one of your last N passwords": `history` holds argon2 hashes,
 * newest first (the current hash first), so reuse is detected without keeping plaintext.
 */
export async function checkPasswordPolicy(policy: PasswordPolicy, password: string, history: readonly string[] = []): Promise<PolicyViolation[]> {
  const out = checkPasswordRules(policy, password);
  if (policy.pwHistoryCount > 0 && password.length <= MAX_PASSWORD_LENGTH) {
    for (const h of history.slice(0, policy.pwHistoryCount)) {
      if (await verifyPassword(h, password)) {
        out.push({ rule: 'history', message: `Choose a password you haven't used for your last ${plural(policy.pwHistoryCount, 'password')}.` });
        break;
      }
    }
  }
  return out;
}

export function policyError(violations: PolicyViolation[]): DomainError {
  return new DomainError('POLICY', violations.map((v) => v.message).join(' '), { violations });
}

/**
 * A user can belong to several tenants: the strictest value of each rule applies, so no
 * tenant's policy is weakened by another membership.
 */
export async function effectivePolicyForUser(userId: string): Promise<PasswordPolicy> {
  const tenants = await getDb().tenant.findMany({
    where: { memberships: { some: { userId } } },
    select: { pwMinLength: true, pwMinDigits: true, pwMinSymbols: true, pwMaxAgeDays: true, pwHistoryCount: true },
  });
  return strictest(tenants);
}

export function strictest(policies: PasswordPolicy[]): PasswordPolicy {
  if (policies.length === 0) return DEFAULT_POLICY;
  const ages = policies.map((p) => p.pwMaxAgeDays).filter((a): a is number => a !== null);
  return {
    pwMinLength: Math.max(...policies.map((p) => p.pwMinLength)),
    pwMinDigits: Math.max(...policies.map((p) => p.pwMinDigits)),
    pwMinSymbols: Math.max(...policies.map((p) => p.pwMinSymbols)),
    pwMaxAgeDays: ages.length ? Math.min(...ages) : null,
    pwHistoryCount: Math.max(...policies.map((p) => p.pwHistoryCount)),
  };
}

export function isPasswordExpired(policy: PasswordPolicy, passwordChangedAt: Date, now = new Date()): boolean {
  return policy.pwMaxAgeDays !== null && now.getTime() - passwordChangedAt.getTime() > policy.pwMaxAgeDays * 86_400_000;
}
