// Account-area helpers for pages and server actions: the request origin (for the IP
// allowlist and the audit log), the per-request security gate used by requireMember, and
// mapping accounts errors (policy violations, field errors) onto ActionResult.
import { cache } from 'react';
import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { checkTenantIpAccess, DomainError, pendingSecuritySteps, type CoreText, type PolicyViolation } from '@rundbrief/core';
import { actionError, fail, type ActionResult } from './actions.ts';
import { requestIp, type HeaderSource } from './client-ip.ts';
import { coreSayer, type SayCore } from './core-errors.ts';

/** The client's address (trusted proxies applied): `ip` for the audit log, `currentIp` null when unknown. */
export async function requestOrigin(): Promise<{ ip: string; currentIp: string | null }> {
  const currentIp = await requestIp(await headers());
  return { ip: currentIp ?? '0.0.0.0', currentIp };
}

/** The allowlist check of a signed-in request, from its headers (peer + trusted proxies). */
export async function tenantIpAccess(h: HeaderSource, tenantId: string) {
  return checkTenantIpAccess({ tenantId, ip: await requestIp(h) });
}

/**
 * Run for every signed-in page and action (from requireMember): a request from outside the
 * tenant's IP allowlist is a 403 (forbidden.tsx says why); an expired password or a TOTP the
 * tenant requires sends the user to /account-setup first (unless that is where they are).
 */
export const enforceSessionSecurity = cache(async (tenantId: string, userId: string, allowPending: boolean) => {
  const access = await tenantIpAccess(await headers(), tenantId);
  if (!access.allowed) forbidden();
  if (allowPending) return;
  const pending = await pendingSecuritySteps(userId);
  if (pending.mustChangePassword || pending.mustEnrolTotp) redirect('/account-setup');
});

/** Like actionError, but puts policy violations and DomainError field errors next to their field. */
export async function accountsActionError(err: unknown, passwordField = 'password'): Promise<ActionResult<never>> {
  return accountsResult(err, passwordField, await coreSayer());
}

function accountsResult(err: unknown, passwordField: string, say: SayCore): ActionResult<never> {
  if (err instanceof DomainError) {
    const details = (err.details ?? {}) as { violations?: PolicyViolation[]; fieldErrors?: Record<string, string[]>; fieldTexts?: Record<string, CoreText[]> };
    // The rules' messages go beside the password field only, where they clear as the user
    // types a better one; a copy in the form's alert would stay behind, stale.
    if (details.violations) return fail('', { [passwordField]: details.violations.map((v) => say(v.text, v.message)) }, err.code);
    if (details.fieldErrors) {
      const fieldErrors = Object.fromEntries(Object.entries(details.fieldErrors).map(([k, ms]) => [k, ms.map((m, i) => say(details.fieldTexts?.[k]?.[i], m))]));
      return fail(say(err.text, err.message), fieldErrors, err.code);
    }
  }
  return actionError(err, say);
}
