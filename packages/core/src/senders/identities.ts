// Sender identities: who a campaign is from. Only on a verified domain of the tenant
// (otherwise DKIM/SPF/DMARC cannot pass), and never a no-reply address: replies and
// complaints must reach a person, and mailbox providers score no-reply senders down.
import { tenantDb } from '@rundbrief/db';
import { z } from 'zod';
import type { TenantCtx } from '../context.ts';
import { checkAddress } from '../deliverability/address.ts';
import { DomainError, notFound } from '../errors.ts';
import { zodText } from '../texts.ts';

const NO_REPLY = /^(no|not|never|do|dont|donot)?(reply|replies|respond|response|answer)$|^(noreply|donotreply|dontreply|noresponse|donotrespond|bounce|bounces|mailerdaemon|postmaster|nobody)/;

/** The reason a local part cannot be used as a sender, or null. */
export function noReplyReason(localPart: string): string | null {
  const squashed = localPart.toLowerCase().split('+')[0]!.replace(/[-_.]/g, '');
  if (NO_REPLY.test(squashed) && !/^(reply|replies|answer)$/.test(squashed)) {
    return `"${localPart}" looks like a no-reply address. Replies must reach a person: receivers distrust no-reply senders and subscribers who cannot answer press "spam" instead.`;
  }
  return null;
}

const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

export const senderIdentityInput = z.object({
  domainId: z.uuid(zodText('senders.chooseDomain', 'Choose a sender domain.')),
  fromName: z
    .string()
    .trim()
    .min(1, zodText('senders.fromName', 'Enter a from name.'))
    .max(100, zodText('senders.fromNameLong', 'The from name is limited to 100 characters.'))
    // an address inside the display name is a classic spoofing pattern (and filters know it)
    .refine((s) => !/[\r\n<>@"]/.test(s), zodText('senders.fromNameChars', 'The from name cannot contain line breaks, quotes, <, > or @.')),
  localPart: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, zodText('senders.localPart', 'Enter the part before the @.'))
    .max(64, zodText('senders.localPartLong', 'The part before the @ is limited to 64 characters.'))
    .regex(LOCAL, zodText('senders.localPartChars', 'The part before the @ may contain letters, digits, dots and - _ + only.')),
  replyTo: z.string().trim().max(254).optional().transform((s) => s || undefined),
});

export async function createSenderIdentity(ctx: TenantCtx, input: z.input<typeof senderIdentityInput>) {
  const data = senderIdentityInput.parse(input);
  const db = tenantDb(ctx.tenantId);
  const domain = await db.senderDomain.findFirst({ where: { id: data.domainId }, select: { id: true, domain: true, verifiedAt: true } });
  if (!domain) throw notFound('Sender domain');
  if (!domain.verifiedAt) {
    throw new DomainError('POLICY', `${domain.domain} is not verified yet: publish its DKIM and SPF records and check again.`).withText('senders.notVerified', { domain: domain.domain });
  }
  const reason = noReplyReason(data.localPart);
  if (reason) throw new DomainError('POLICY', reason);
  let replyTo: string | null = null;
  if (data.replyTo) {
    const r = checkAddress(data.replyTo);
    if (!r.ok) throw new DomainError('VALIDATION', `Reply-to: ${r.message}`);
    const replyReason = noReplyReason(r.normalized.slice(0, r.normalized.lastIndexOf('@')));
    if (replyReason) throw new DomainError('POLICY', `Reply-to: ${replyReason}`);
    replyTo = r.normalized;
  }
  if (await db.senderIdentity.findFirst({ where: { domainId: domain.id, localPart: data.localPart } })) {
    throw new DomainError('CONFLICT', `${data.localPart}@${domain.domain} already exists.`).withText('senders.identityExists', { local: data.localPart, domain: domain.domain });
  }
  return db.senderIdentity.create({
    data: { tenantId: ctx.tenantId, domainId: domain.id, fromName: data.fromName, localPart: data.localPart, replyTo },
  });
}

export type SenderIdentityView = { id: string; fromName: string; address: string; replyTo: string | null; domainVerified: boolean };

export async function listSenderIdentities(ctx: TenantCtx): Promise<SenderIdentityView[]> {
  const rows = await tenantDb(ctx.tenantId).senderIdentity.findMany({
    include: { domain: { select: { domain: true, verifiedAt: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((r) => ({
    id: r.id,
    fromName: r.fromName,
    address: `${r.localPart}@${r.domain.domain}`,
    replyTo: r.replyTo,
    domainVerified: r.domain.verifiedAt !== null,
  }));
}

export async function removeSenderIdentity(ctx: TenantCtx, input: { identityId: string }): Promise<void> {
  const id = z.uuid().safeParse(input.identityId);
  const { count } = id.success ? await tenantDb(ctx.tenantId).senderIdentity.deleteMany({ where: { id: id.data } }) : { count: 0 };
  if (count === 0) throw notFound('Sender identity');
}
