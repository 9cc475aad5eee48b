// Effects of an asynchronous bounce (a DSN that arrived at a message's VERP address).
//   hard  → Message BOUNCED, Subscriber BOUNCED, tenant Suppression HARD_BOUNCE, Event BOUNCE.
//   soft  → Message BOUNCED (category soft); the subscriber's streak of soft bounces is
//           recounted from their latest messages (so any delivery in between resets it) and
//           reaching Tenant.softBounceLimit suppresses the address (SOFT_BOUNCE).
//   block → the receiver refused our IP or content, not the address: the subscriber is left
//           alone. The sending IP rests for that recipient domain (and operators get an
//           Alert) only once reports from several hosts about several messages corroborate
//           it (feedback/limits.ts): one sender must not take an IP out for a whole provider.
// "delayed" DSNs are warnings (the MTA still retries): recorded, nothing else.
// Campaign counters move in the same transaction, once per message.
import { getDb, tenantDb, type Prisma } from '@rundbrief/db';
import { sha256 } from '../crypto.ts';
import { DomainError } from '../errors.ts';
import { ipBlockSeconds, markIpBlockedForDomain } from '../platform/ip-blocks.ts';
import { recordBlockEvidence, type BlockEvidence } from './limits.ts';

export type AsyncBounce = {
  /** Message.id named by the (HMAC-checked) VERP address. */
  messageId: string;
  category: 'hard' | 'soft' | 'block';
  status: string | null;
  smtpCode: number | null;
  diagnostic: string;
  reportingMta: string | null;
  /** DSN Action field: "delayed" means a warning, not a failure. */
  action?: string | null;
  /** InboundMessage.id: processing the same inbound mail twice changes nothing. */
  inboundId?: string;
  /** The host that sent the report (InboundMessage.remoteIp): a block needs several. */
  reporterIp: string | null;
};

export type BounceEffect = {
  tenantId: string;
  campaignId: string;
  effect: 'duplicate' | 'delayed' | 'hard' | 'soft' | 'soft-suppressed' | 'block';
  ipRested?: { ip: string; domain: string } | null;
  /** Block reports about this IP and domain so far (when not yet corroborated). */
  blockEvidence?: BlockEvidence;
};

type MessageRow = { id: string; tenantId: string; campaignId: string; subscriberId: string; email: string; status: string; sourceIp: string | null };

/** The message a VERP address names; the tenant comes from that row. */
export async function messageForFeedback(messageId: string): Promise<MessageRow> {
  // Inbound mail carries no session: the HMAC'd VERP address (or the report's reference to
  // our Message-ID) is the authority and it names the message, so this one lookup is global.
  const m = await getDb().message.findUnique({
    where: { id: messageId },
    select: { id: true, tenantId: true, campaignId: true, subscriberId: true, email: true, status: true, sourceIp: true },
  });
  if (!m) throw new DomainError('NOT_FOUND', 'Message not found');
  return m;
}

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

export async function applyBounce(input: AsyncBounce): Promise<BounceEffect> {
  const m = await messageForFeedback(input.messageId);
  const db = tenantDb(m.tenantId);
  const metadata: Prisma.InputJsonValue = {
    category: input.category, status: input.status, smtpCode: input.smtpCode, diagnostic: input.diagnostic.slice(0, 500),
    reportingMta: input.reportingMta, action: input.action ?? null, async: true, ...(input.inboundId ? { inboundId: input.inboundId } : {}),
  };
  const base = { tenantId: m.tenantId, campaignId: m.campaignId };

  // The IP rests before anything else: the next send to this domain must already avoid it.
  const rest = input.category === 'block' && input.action !== 'delayed' ? await restSendingIp(m, input) : null;

  const effect = await db.$transaction(async (tx) => {
    // One writer per message at a time: a DSN racing a retry of itself counts once.
    await tx.$queryRaw`SELECT id FROM "Message" WHERE id = ${m.id}::uuid AND "tenantId" = ${m.tenantId}::uuid FOR UPDATE`;
    if (input.inboundId) {
      const seen = await tx.event.count({ where: { messageId: m.id, type: 'BOUNCE', metadata: { path: ['inboundId'], equals: input.inboundId } } });
      if (seen > 0) return 'duplicate' as const;
    }
    await tx.event.create({ data: { tenantId: m.tenantId, campaignId: m.campaignId, messageId: m.id, subscriberId: m.subscriberId, type: 'BOUNCE', metadata } });
    if (input.category === 'soft' && input.action === 'delayed') return 'delayed' as const;

    const reply = `${input.smtpCode ?? ''} ${input.status ?? ''} ${input.diagnostic}`.trim().slice(0, 1000);
    const moved = await tx.message.updateMany({
      where: { id: m.id, status: { not: 'BOUNCED' } },
      data: { status: 'BOUNCED', bounceCategory: input.category, smtpCode: input.smtpCode, smtpReply: reply },
    });
    if (moved.count === 0) {
      // Already bounced (e.g. synchronously): a hard verdict still upgrades the category.
      if (input.category === 'hard') await tx.message.updateMany({ where: { id: m.id }, data: { bounceCategory: 'hard' } });
    } else {
      await tx.campaign.updateMany({ where: { id: m.campaignId }, data: { bouncedCount: { increment: 1 } } });
    }

    if (input.category === 'hard') {
      await suppress(tx, m, 'HARD_BOUNCE', reply);
      await tx.subscriber.updateMany({ where: { id: m.subscriberId, status: 'ACTIVE' }, data: { status: 'BOUNCED' } });
      return 'hard' as const;
    }
    if (input.category === 'soft') return (await countSoftStreak(tx, m, reply)) ? ('soft-suppressed' as const) : ('soft' as const);
    return 'block' as const;
  });

  if (effect !== 'block') return { ...base, effect };
  return { ...base, effect, ipRested: rest?.rested ?? null, ...(rest?.evidence && !rest.evidence.corroborated ? { blockEvidence: rest.evidence } : {}) };
}

type Tx = Parameters<Parameters<ReturnType<typeof tenantDb>['$transaction']>[0]>[0];

async function suppress(tx: Tx, m: MessageRow, reason: 'HARD_BOUNCE' | 'SOFT_BOUNCE', note: string) {
  const emailHash = sha256(m.email);
  await tx.suppression.upsert({
    where: { tenantId_emailHash: { tenantId: m.tenantId, emailHash } },
    create: { tenantId: m.tenantId, email: m.email, emailHash, reason, source: 'dsn', note: note.slice(0, 500) },
    update: {},
  });
  // A hard bounce is a stronger reason than an earlier soft-bounce suppression.
  if (reason === 'HARD_BOUNCE') {
    await tx.suppression.updateMany({ where: { emailHash, reason: 'SOFT_BOUNCE' }, data: { reason: 'HARD_BOUNCE', note: note.slice(0, 500) } });
  }
}

// A DSN can trail its message by hours: a SENT message younger than this is not yet proof
// of delivery and neither breaks nor extends the run.
const DELIVERY_PROOF_MS = 60 * 60_000;

/**
 * Recounts the subscriber's current run of soft bounces over their latest finished
 * messages (a message accepted over an hour ago that did not bounce breaks the run), stores
 * it in softBounceCount and suppresses at the tenant's limit. Returns true when it suppressed.
 */
async function countSoftStreak(tx: Tx, m: MessageRow, note: string): Promise<boolean> {
  const tenant = await getDb().tenant.findUniqueOrThrow({ where: { id: m.tenantId }, select: { softBounceLimit: true } });
  const limit = Math.max(1, tenant.softBounceLimit);
  const recent = await tx.message.findMany({
    where: { subscriberId: m.subscriberId, status: { in: ['SENT', 'BOUNCED', 'FAILED'] } },
    orderBy: [{ sentAt: { sort: 'desc', nulls: 'last' } }, { updatedAt: 'desc' }],
    take: limit * 3,
    select: { status: true, bounceCategory: true, sentAt: true },
  });
  const proofBefore = Date.now() - DELIVERY_PROOF_MS;
  let streak = 0;
  for (const r of recent) {
    if (r.status === 'SENT' && (!r.sentAt || r.sentAt.getTime() > proofBefore)) continue;
    if (streak >= limit) break;
    const soft = (r.status === 'BOUNCED' && r.bounceCategory === 'soft') || r.status === 'FAILED';
    if (!soft) break;
    streak++;
  }
  await tx.subscriber.updateMany({ where: { id: m.subscriberId }, data: { softBounceCount: streak } });
  if (streak < limit) return false;
  await suppress(tx, m, 'SOFT_BOUNCE', `${streak} soft bounces in a row; last: ${note}`);
  await tx.subscriber.updateMany({ where: { id: m.subscriberId, status: 'ACTIVE' }, data: { status: 'BOUNCED' } });
  return true;
}

/**
 * Rests the message's source IP for the recipient domain once the block is corroborated,
 * and alerts operators once per rest.
 */
async function restSendingIp(m: MessageRow, input: AsyncBounce): Promise<{ rested: { ip: string; domain: string } | null; evidence?: BlockEvidence }> {
  const domain = domainOf(m.email);
  const details = { ip: m.sourceIp, domain, messageId: m.id, campaignId: m.campaignId, status: input.status, smtpCode: input.smtpCode, diagnostic: input.diagnostic.slice(0, 500), reportingMta: input.reportingMta };
  if (!m.sourceIp) {
    await getDb().alert.create({ data: { kind: 'IP_BLOCKED', severity: 'warning', message: `A receiver at ${domain} refused our mail (no source IP recorded): ${input.diagnostic.slice(0, 200)}`, details } });
    return { rested: null };
  }
  const evidence = await recordBlockEvidence({ ip: m.sourceIp, domain, messageId: m.id, source: input.reporterIp ?? '' });
  if (!evidence.corroborated) return { rested: null, evidence };
  // false when already resting (alerted then) or when the address is not one of our pool's
  // (mail that went out through the relay has nothing to take out of rotation).
  const fresh = await markIpBlockedForDomain(m.sourceIp, domain, ipBlockSeconds(), input.diagnostic);
  if (fresh) {
    const hours = Math.round(ipBlockSeconds() / 360) / 10;
    await getDb().alert.create({
      data: {
        kind: 'IP_BLOCKED', severity: 'critical',
        message: `${domain} blocks sending IP ${m.sourceIp} (${evidence.messages} messages reported by ${evidence.sources} hosts within an hour); it is out of rotation for ${domain} for ${hours} h. Reply: ${input.diagnostic.slice(0, 200)}`,
        details: { ...details, evidence },
      },
    });
  }
  return { rested: { ip: m.sourceIp, domain }, evidence };
}
