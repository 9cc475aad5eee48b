// The record of platform mail (system mail: invitations, resets, opt-in mail, test sends)
// and its bounces. Each mail gets a PlatformMail row before it is sent; its envelope sender
// p-<id>-<mac>@BOUNCE_DOMAIN names the row, so a DSN that comes back (or a 5xx at the time
// of sending) is recorded against it: recipient, kind of mail, tenant, hard/soft, diagnostic.
// An address that hard-bounced repeatedly gets no further platform mail.
import { getDb, tenantDb } from '@rundbrief/db';
import { requireRole } from '../accounts/access.ts';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { assertPlatformOperator, type OperatorActor } from './operator.ts';

/** Hard bounces within PLATFORM_SUPPRESS_DAYS after which an address gets no more platform mail. */
export const PLATFORM_SUPPRESS_AFTER_HARD = 2;
export const PLATFORM_SUPPRESS_DAYS = 180;

/** How long a system-mail job keeps retrying (BullMQ backoff), with room to spare. */
const RETRY_HORIZON_MS = 2 * 86_400_000;

/**
 * The row of one system-mail job: a retry of the job reuses its row (one envelope, one
 * record). Job ids are only unique per Redis lifetime, so a row is reused only when it is
 * recent and for the same mail.
 */
export async function startPlatformMail(tenantId: string | null, input: { jobId: string | null; kind: string; to: string }): Promise<string> {
  const data = { kind: input.kind, tenantId, recipient: input.to.trim().toLowerCase(), jobId: input.jobId };
  const db = getDb();
  if (input.jobId) {
    const again = await db.platformMail.findFirst({
      where: { ...data, createdAt: { gte: new Date(Date.now() - RETRY_HORIZON_MS) } },
      orderBy: { createdAt: 'desc' },
      select: { id: true },
    });
    if (again) return again.id;
  }
  return (await db.platformMail.create({ data, select: { id: true } })).id;
}

export async function markPlatformMailSent(id: string): Promise<void> {
  await getDb().platformMail.updateMany({ where: { id }, data: { sentAt: new Date() } });
}

/** True when `to` hard-bounced PLATFORM_SUPPRESS_AFTER_HARD times within PLATFORM_SUPPRESS_DAYS. */
export async function platformMailSuppressed(to: string, now = new Date()): Promise<boolean> {
  const n = await getDb().platformMail.count({
    where: { recipient: to.trim().toLowerCase(), bounceCategory: 'hard', bouncedAt: { gte: new Date(now.getTime() - PLATFORM_SUPPRESS_DAYS * 86_400_000) } },
  });
  return n >= PLATFORM_SUPPRESS_AFTER_HARD;
}

export type PlatformBounceInput = {
  platformMailId: string;
  category: 'hard' | 'soft' | 'block';
  status?: string | null;
  diagnostic: string;
  inboundId?: string | null;
};

/**
 * Records a bounce of one platform mail. A later soft report does not turn a hard bounce
 * back into a soft one. NOT_FOUND when the row is gone (pruned, tenant erased).
 */
export async function recordPlatformBounce(input: PlatformBounceInput): Promise<{ effect: string; kind: string; tenantId: string | null }> {
  const db = getDb();
  const row = await db.platformMail.findUnique({ where: { id: input.platformMailId }, select: { id: true, kind: true, tenantId: true, bounceCategory: true } });
  if (!row) throw new DomainError('NOT_FOUND', 'Platform mail not found').withText('common.notFound', { what: 'Platform mail' });
  if (row.bounceCategory === 'hard' && input.category !== 'hard') return { effect: 'platform-already-hard', kind: row.kind, tenantId: row.tenantId };
  await db.platformMail.update({
    where: { id: row.id },
    data: {
      bouncedAt: new Date(), bounceCategory: input.category, bounceStatus: input.status ?? null,
      bounceDiagnostic: input.diagnostic.replace(/\s+/g, ' ').trim().slice(0, 500), inboundId: input.inboundId ?? null,
    },
  });
  return { effect: `platform-${input.category}`, kind: row.kind, tenantId: row.tenantId };
}

export type InvitationBounce = { recipient: string; reason: string; bouncedAt: Date };

/** Hard bounces of the tenant's invitations in the last 30 days, newest first (members page). */
export async function listInvitationBounces(ctx: TenantCtx): Promise<InvitationBounce[]> {
  await requireRole(ctx, 'ADMIN');
  const rows = await tenantDb(ctx.tenantId).platformMail.findMany({
    where: { kind: 'INVITATION', bounceCategory: 'hard', bouncedAt: { gte: new Date(Date.now() - 30 * 86_400_000) } },
    orderBy: { bouncedAt: 'desc' },
    take: 20,
    select: { recipient: true, bounceDiagnostic: true, bouncedAt: true },
  });
  return rows.map((r) => ({ recipient: r.recipient, reason: r.bounceDiagnostic ?? 'no reason given', bouncedAt: r.bouncedAt! }));
}

/** Recent bounces of all platform mail, for the operator (newest first). */
export async function listPlatformMailBounces(actor: OperatorActor, input: { take?: number } = {}) {
  await assertPlatformOperator(actor);
  return getDb().platformMail.findMany({
    where: { bouncedAt: { not: null } },
    orderBy: { bouncedAt: 'desc' },
    take: Math.min(Math.max(input.take ?? 50, 1), 200),
    select: { id: true, kind: true, recipient: true, bounceCategory: true, bounceStatus: true, bounceDiagnostic: true, bouncedAt: true, tenant: { select: { name: true } } },
  });
}

/** Deletes rows older than `days` (recipients are personal data; kept as long as the suppression needs them). */
export async function prunePlatformMail(now = new Date(), days = PLATFORM_SUPPRESS_DAYS): Promise<number> {
  const { count } = await getDb().platformMail.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - days * 86_400_000) } } });
  return count;
}
