// "Can this tenant send?" lives here. assertTenantCanSend: may the tenant send at all (not
// suspended); every campaign request, start and resume, and every tenant mail
// (tenant-sender.ts) asks it. assertTenantMaySend: may the tenant cause this mail now, for
// every path where a tenant's action makes the platform mail someone outside a campaign:
// test sends, sign-ups (API and form), adding a subscriber by hand, resending a
// confirmation, opt-in mails of an import, welcome mails, invitations. One check for the
// UI, the API and jobs alike: a suspended tenant is refused (SUSPENDED, 423), and the uses
// an outsider could turn into a mail cannon are rate-limited per tenant in Redis token
// windows (RATE_LIMITED, 429 with Retry-After; Redis down: UNAVAILABLE, refused).
// What a campaign itself needs (verified sender domain, footer, lists: the checklist) is
// authoring/sendable.ts; the daily limit throttles, it never refuses (sending/daily-limit.ts).
import { z } from 'zod';
import { getDb, parseEnv } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { takeFromWindow } from '../rate-window.ts';

export const sendLimitsEnvSchema = z.object({
  /** Test mails (one per recipient) per tenant and hour. */
  TENANT_TEST_SENDS_PER_HOUR: z.coerce.number().int().positive().default(20),
  /** Sign-ups through the API and the public forms per tenant and hour (each may mail an opt-in). */
  TENANT_SIGNUPS_PER_HOUR: z.coerce.number().int().positive().default(1000),
  /** Member invitations per tenant and hour. */
  TENANT_INVITATIONS_PER_HOUR: z.coerce.number().int().positive().default(20),
});
/** Throws SUSPENDED (HTTP 423) unless the tenant may send; NOT_FOUND for an unknown tenant. */
export async function assertTenantCanSend(tenantId: string): Promise<void> {
  const t = await getDb().tenant.findUnique({ where: { id: tenantId }, select: { status: true, suspendedReason: true } });
  if (!t) throw new DomainError('NOT_FOUND', 'Tenant not found').withText('common.notFound', { what: 'Tenant' });
  if (t.status === 'SUSPENDED') {
    throw new DomainError('SUSPENDED', `Sending is suspended for this account${t.suspendedReason ? `: ${t.suspendedReason}` : ''}. Contact support.`)
      .withText(t.suspendedReason ? 'sending.suspendedReason' : 'sending.suspended', t.suspendedReason ? { reason: t.suspendedReason } : undefined);
  }
}

export type SendLimits = z.infer<typeof sendLimitsEnvSchema>;

let limits: SendLimits | undefined;
export const sendLimits = (): SendLimits => (limits ??= parseEnv(sendLimitsEnvSchema));

export type SendUse =
  | 'TEST_SEND' | 'API_SIGNUP' | 'FORM_SIGNUP' | 'INVITATION'
  | 'ADD_SUBSCRIBER' | 'RESEND_CONFIRMATION' | 'IMPORT_OPT_IN' | 'WELCOME';

type Limited = { bucket: string; perHour: (l: SendLimits) => number; refusal: (perHour: number, minutes: number) => string; text: string };

const wait = (minutes: number) => `Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
const signups: Limited = {
  bucket: 'signup',
  perHour: (l) => l.TENANT_SIGNUPS_PER_HOUR,
  refusal: (n, m) => `This account has taken ${n} sign-ups in the last hour, the most allowed. ${wait(m)}`,
  text: 'sending.signupsUsed',
};

const LIMITED: Partial<Record<SendUse, Limited>> = {
  TEST_SEND: {
    bucket: 'test-send',
    perHour: (l) => l.TENANT_TEST_SENDS_PER_HOUR,
    refusal: (n, m) => `This account may send ${n} test mails an hour and has used them. ${wait(m)}`,
    text: 'sending.testMailsUsed',
  },
  API_SIGNUP: signups,
  // The person on the form sees no account internals, only that it is busy.
  FORM_SIGNUP: { ...signups, refusal: (_n, m) => `This form is receiving too many sign-ups right now. Please try again in ${m} minute${m === 1 ? '' : 's'}.`, text: 'sending.formBusy' },
  INVITATION: {
    bucket: 'invitation',
    perHour: (l) => l.TENANT_INVITATIONS_PER_HOUR,
    refusal: (n, m) => `This account may send ${n} invitations an hour and has used them. ${wait(m)}`,
    text: 'sending.invitationsUsed',
  },
};

/**
 * Throws unless the tenant may cause `count` mails of this use now. Suspension first (no
 * tokens taken for a refused tenant), then the use's window, all or nothing.
 */
export async function assertTenantMaySend(ctx: TenantCtx, use: SendUse, count = 1): Promise<void> {
  await assertTenantCanSend(ctx.tenantId);
  const limited = LIMITED[use];
  if (!limited) return;
  const perHour = limited.perHour(sendLimits());
  const r = await takeFromWindow(`${limited.bucket}:${ctx.tenantId}`, count, perHour, 3600);
  if (!r.ok) {
    const minutes = Math.ceil(r.retryAfterSeconds / 60);
    throw new DomainError('RATE_LIMITED', limited.refusal(perHour, minutes), { retryAfterSeconds: r.retryAfterSeconds }).withText(limited.text, { count: perHour, minutes });
  }
}

/** Seconds a RATE_LIMITED refusal asks the caller to wait (the API's Retry-After), else null. */
export function retryAfterSeconds(err: unknown): number | null {
  if (!(err instanceof DomainError) || err.code !== 'RATE_LIMITED') return null;
  const s = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof s === 'number' && s > 0 ? s : null;
}
