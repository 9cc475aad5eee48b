// Minimum send-time guard used until authoring's full checklist (assertSendable) is wired
// in: a campaign only starts with an imprint and a sender identity on a verified domain
// (both also required by the send context, so this fails early with a readable reason).
import { tenantDb } from '@rundbrief/db';
import { DomainError, notFound } from '../errors.ts';

export async function assertSenderReady(tenantId: string, campaignId: string): Promise<void> {
  const db = tenantDb(tenantId);
  const c = await db.campaign.findFirst({ where: { id: campaignId }, include: { identity: { include: { domain: true } }, tenant: true, lists: true } });
  if (!c) throw notFound('Campaign');
  const problems: string[] = [];
  if (!c.tenant.imprint?.trim()) problems.push('the account has no imprint');
  if (!c.identity) problems.push('no sender identity is chosen');
  else if (!c.identity.domain.verifiedAt) problems.push(`the sender domain ${c.identity.domain.domain} is not verified`);
  if (c.lists.length === 0) problems.push('no list is chosen');
  if (c.tenant.status !== 'ACTIVE') problems.push('the account is suspended');
  if (problems.length) throw new DomainError('POLICY', `Cannot send: ${problems.join('; ')}`, { problems });
}
