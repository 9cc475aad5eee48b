// Tenant password policy: enforced on sign-up, change, reset and invitation acceptance. Each
// failed rule is reported on its own so the form can say exactly what to fix.
import { z } from 'zod';
import { getDb } from '@rundbrief/db';
import { DomainError } from '../errors.ts';
import { verifyPassword } from './password.ts';
import { coreText } from '../texts.ts';
import { ABSOLUTE_MIN_LENGTH, checkPasswordRules, DEFAULT_POLICY, MAX_PASSWORD_LENGTH, rulePlural, type PasswordPolicy, type PolicyViolation } from './password-rules.ts';

export * from './password-rules.ts';

export const passwordPolicySchema = z.object({
  pwMinLength: z.coerce.number().int().min(ABSOLUTE_MIN_LENGTH, `The minimum length can't be below ${ABSOLUTE_MIN_LENGTH}`).max(128),
  pwMinDigits: z.coerce.number().int().min(0).max(32),
  pwMinSymbols: z.coerce.number().int().min(0).max(32),
  pwMaxAgeDays: z.coerce.number().int().min(1).max(3650).nullable(),
  pwHistoryCount: z.coerce.number().int().min(0).max(24),
});

/**
 * All rules, including "not one of your last N passwords": `history` holds argon2 hashes,
 * newest first (the current hash first), so reuse is detected without keeping plaintext.
 */
export async function checkPasswordPolicy(policy: PasswordPolicy, password: string, history: readonly string[] = []): Promise<PolicyViolation[]> {
  const out = checkPasswordRules(policy, password);
  if (policy.pwHistoryCount > 0 && password.length <= MAX_PASSWORD_LENGTH) {
    for (const h of history.slice(0, policy.pwHistoryCount)) {
      if (await verifyPassword(h, password)) {
        out.push({ rule: 'history', message: `Choose a password you haven't used for your last ${rulePlural(policy.pwHistoryCount, 'password')}.`, text: coreText('accounts.pwHistory', { count: policy.pwHistoryCount }) });
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
