// Suppression (per tenant) and the platform blocklist. A suppression is keyed by the
// sha-256 of the normalised address so it survives GDPR erasure (email set to null).
import { tenantDb, type SuppressionReason } from '@rundbrief/db';
import { z } from 'zod';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { sha256 } from '../crypto.ts';
import { checkAddress, domainOf, isDisposableDomain, isRoleAddress } from './address.ts';
import { findBlockedEntry } from './blocklist-match.ts';
import { liftSuppressions, writeSuppressions } from './suppress.ts';
import { coreText, type CoreText } from '../texts.ts';

export const emailHash = (normalized: string) => sha256(normalized);

export async function findSuppression(tenantId: string, normalized: string) {
  return tenantDb(tenantId).suppression.findFirst({ where: { emailHash: emailHash(normalized) } });
}

/** Platform blocklist entry matching the address, its domain or a parent domain (blocklist-match.ts). */
export const findBlocked = findBlockedEntry;

export type PolicyRefusal = { code: 'blocked' | 'disposable' | 'role' | 'suppressed'; message: string; text: CoreText };

/**
 * Why an address may not be (re)subscribed, or null. UNSUBSCRIBE suppressions are left to
 * the consent flow: a new double opt-in may lift them. Fails closed: a DB error throws.
 */
export async function addressPolicyRefusal(
  tenantId: string,
  normalized: string,
  opts: { rejectRoleAddresses: boolean },
): Promise<PolicyRefusal | null> {
  if (await findBlocked(normalized)) return { code: 'blocked', message: 'This address cannot be subscribed.', text: coreText('subscribers.cannotSubscribe') };
  if (isDisposableDomain(domainOf(normalized))) {
    return { code: 'disposable', message: 'Addresses from disposable mailbox services are not accepted. Please use your regular address.', text: coreText('subscribers.disposable') };
  }
  if (opts.rejectRoleAddresses && isRoleAddress(normalized)) {
    return { code: 'role', message: 'Shared role addresses such as info@ or admin@ are not accepted. Please use a personal address.', text: coreText('subscribers.roleAddress') };
  }
  const s = await findSuppression(tenantId, normalized);
  if (s && s.reason !== 'UNSUBSCRIBE') return { code: 'suppressed', message: 'This address cannot be subscribed.', text: coreText('subscribers.cannotSubscribe') };
  return null;
}

function parseOrThrow(raw: string): string {
  const r = checkAddress(raw);
  if (!r.ok) throw new DomainError('VALIDATION', r.message);
  return r.normalized;
}

/** Adds (or keeps) a suppression; an existing row changes only for a reason that outranks it (suppress.ts). */
export async function suppressAddress(ctx: TenantCtx, input: { email: string; reason: SuppressionReason; source?: string; note?: string }) {
  const email = parseOrThrow(input.email);
  const db = tenantDb(ctx.tenantId);
  await writeSuppressions(input.reason, input.source ?? null, [{ tenantId: ctx.tenantId, email, note: input.note ?? null }]);
  return (await db.suppression.findFirst({ where: { emailHash: emailHash(email) } }))!;
}

/** Removes a suppression; the reason is kept in the audit log (as ctx's user). ERASED ones stay (suppress.ts `SUPPRESSION_LIFTABLE`). */
export async function removeSuppression(ctx: TenantCtx, input: { id: string; reason: string }) {
  const reason = input.reason.trim();
  if (reason.length < 3) throw new DomainError('VALIDATION', 'Say why the suppression is removed.').withText('subscribers.suppressionReason');
  const db = tenantDb(ctx.tenantId);
  // A malformed id is the same 404 as another tenant's (never a database error).
  const id = z.uuid().safeParse(input.id);
  const row = id.success ? await db.suppression.findFirst({ where: { id: id.data } }) : null;
  if (!row) throw new DomainError('NOT_FOUND', 'Suppression not found').withText('common.notFound', { what: 'Suppression' });
  if (row.reason === 'ERASED') throw new DomainError('POLICY', 'An erased address stays suppressed: the person asked to be forgotten.').withText('subscribers.erasedStays');
  // The writer holds the rule again (a row erased meanwhile stays) and writes the audit entry.
  const lifted = await liftSuppressions({ kind: 'MARKETER', userId: ctx.userId ?? null, actor: ctx.actor ?? null, reason }, [{ tenantId: ctx.tenantId, emailHash: row.emailHash }]);
  if (lifted.length === 0) throw new DomainError('NOT_FOUND', 'Suppression not found').withText('common.notFound', { what: 'Suppression' });
}

export type SuppressionPage = { items: { id: string; email: string | null; reason: SuppressionReason; source: string | null; note: string | null; createdAt: Date }[]; nextCursor: string | null };

/** Newest first, keyset by (createdAt, id); `q` is an address prefix. */
export async function listSuppressions(ctx: TenantCtx, input: { q?: string; cursor?: string | null; limit?: number } = {}): Promise<SuppressionPage> {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 500);
  const q = input.q?.trim().toLowerCase();
  const [cAt, cId] = input.cursor ? (JSON.parse(Buffer.from(input.cursor, 'base64url').toString()) as [string, string]) : [];
  const rows = await tenantDb(ctx.tenantId).suppression.findMany({
    where: {
      ...(q ? { email: { startsWith: q } } : {}),
      ...(cAt && cId ? { OR: [{ createdAt: { lt: new Date(cAt) } }, { createdAt: new Date(cAt), id: { lt: cId } }] } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    select: { id: true, email: true, reason: true, source: true, note: true, createdAt: true },
  });
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last ? Buffer.from(JSON.stringify([last.createdAt.toISOString(), last.id])).toString('base64url') : null;
  return { items, nextCursor };
}
