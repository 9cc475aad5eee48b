// Who a tenant's non-campaign mail comes from. Content the tenant wrote goes out only from
// an identity on its verified sender domain (DKIM with its key). Before a domain is
// verified the platform's address (SYSTEM_FROM) carries only the platform's own templates
// (platform-mail.ts) and test mails to the tenant's own members: the platform's name is
// not lent to a stranger's content. The worker applies the same rule again when it sends
// (resolveSystemMailSender), so a domain that lost its verification after a mail was
// queued never makes that mail fall back to the platform's address.
import { getDb, tenantDb } from '@rundbrief/db';
import { DomainError } from '../errors.ts';
import { sendingEnv } from '../sending/env.ts';
import type { SystemMailPayload } from '../jobs/definitions.ts';
import { assertTenantCanSend } from './may-send.ts';

/** SYSTEM_FROM, the platform's sender of its own mail. */
export const platformFrom = () => sendingEnv().SYSTEM_FROM;

/**
 * The tenant's identity for its own content: `preferred` (e.g. the campaign's) when its
 * domain is verified, else its oldest identity on a verified domain; none: undefined.
 */
export async function verifiedIdentity(tenantId: string, preferred?: string | null) {
  const db = tenantDb(tenantId);
  const select = { id: true, fromName: true, localPart: true, domain: { select: { domain: true } } } as const;
  const own = preferred ? await db.senderIdentity.findFirst({ where: { id: preferred, domain: { verifiedAt: { not: null } } }, select }) : null;
  const identity = own ?? await db.senderIdentity.findFirst({ where: { domain: { verifiedAt: { not: null } } }, orderBy: { createdAt: 'asc' }, select });
  return identity ? { id: identity.id, from: `${identity.fromName} <${identity.localPart}@${identity.domain.domain}>` } : undefined;
}

/** The login e-mails of the tenant's members: the only addresses a test mail may go to before a domain is verified. */
export async function memberAddresses(tenantId: string): Promise<string[]> {
  const rows = await tenantDb(tenantId).membership.findMany({ select: { user: { select: { email: true } } } });
  return rows.map((r) => r.user.email.toLowerCase()).sort();
}

/** Mail kinds the platform sends for itself, with no tenant content at all. */
// Preference links and erasure confirmations too: a subscriber's GDPR rights outlast a suspension.
const PLATFORM_OWN = new Set<SystemMailPayload['kind']>(['PASSWORD_RESET', 'SEED_WELCOME', 'PREFERENCES_LINK', 'ERASURE_CONFIRMATION']);

export type SystemMailSender =
  | { kind: 'platform' }
  | { kind: 'identity'; identity: { fromName: string; localPart: string; replyTo: string | null; domain: { domain: string; dkimSelector: string; dkimPrivateKeyEnc: string } } };

/**
 * The worker's check before it sends a system mail, failing closed: a tenant's mail is not
 * sent while the tenant is suspended; a mail queued with an identity goes from that identity
 * or not at all; a test mail without one goes only to a member of the tenant.
 */
export async function resolveSystemMailSender(p: SystemMailPayload): Promise<SystemMailSender> {
  if (!p.tenantId) {
    if (p.identityId) throw new DomainError('VALIDATION', 'identityId needs tenantId');
    return { kind: 'platform' };
  }
  if (!PLATFORM_OWN.has(p.kind)) await assertTenantCanSend(p.tenantId);
  if (p.identityId) {
    const identity = await tenantDb(p.tenantId).senderIdentity.findFirst({ where: { id: p.identityId }, include: { domain: true } });
    if (!identity?.domain.verifiedAt) {
      throw new DomainError('PRECONDITION', 'The sender identity of this mail is gone or its domain is no longer verified; not sent from the platform address instead.').withText('campaigns.senderGone');
    }
    return { kind: 'identity', identity };
  }
  if (p.kind === 'TEST_SEND') {
    const member = await getDb().membership.count({ where: { tenantId: p.tenantId, user: { email: p.to.toLowerCase() } } });
    if (member === 0) throw new DomainError('POLICY', 'A test mail without a verified sender domain goes only to members of the account.').withText('campaigns.testMembersOnly');
  }
  return { kind: 'platform' };
}
