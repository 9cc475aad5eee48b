// The password rules that need no database or hashes: shared by the server and the
// browser (live feedback next to password fields), so they are stated once.
import { coreText, type CoreText } from '../texts.ts';
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

export type PolicyRule = 'length' | 'digits' | 'symbols' | 'history' | 'maxLength';
export type PolicyViolation = { rule: PolicyRule; message: string; text?: CoreText };

/** "1 digit", "2 digits". */
export const rulePlural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** The rules that need no hashes: usable in the browser for live feedback too. */
export function checkPasswordRules(policy: PasswordPolicy, password: string): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  const minLength = Math.max(ABSOLUTE_MIN_LENGTH, policy.pwMinLength);
  const length = [...password].length;
  if (length < minLength) out.push({ rule: 'length', message: `Use at least ${rulePlural(minLength, 'character')}.`, text: coreText('accounts.pwMinLength', { count: minLength }) });
  if (length > MAX_PASSWORD_LENGTH) out.push({ rule: 'maxLength', message: `Use at most ${MAX_PASSWORD_LENGTH} characters.`, text: coreText('accounts.pwMaxLength', { count: MAX_PASSWORD_LENGTH }) });
  const digits = password.match(/\p{Nd}/gu)?.length ?? 0;
  if (digits < policy.pwMinDigits) out.push({ rule: 'digits', message: `Include at least ${rulePlural(policy.pwMinDigits, 'digit')}.`, text: coreText('accounts.pwDigits', { count: policy.pwMinDigits }) });
  // A symbol is anything that is neither a letter, a digit nor whitespace.
  const symbols = password.match(/[^\p{L}\p{Nd}\s]/gu)?.length ?? 0;
  if (symbols < policy.pwMinSymbols) out.push({ rule: 'symbols', message: `Include at least ${rulePlural(policy.pwMinSymbols, 'symbol')} (such as ! ? # %).`, text: coreText('accounts.pwSymbols', { count: policy.pwMinSymbols }) });
  return out;
}
