// Effects of asynchronous bounces (DSNs that arrived at messages' VERP addresses), applied
// set-based for a whole batch inside the batch's transaction (inbound-batch.ts):
//   hard  → Message BOUNCED, Subscriber BOUNCED, tenant Suppression HARD_BOUNCE, Event BOUNCE.
//   soft  → Message BOUNCED (category soft); the subscriber's streak of soft bounces is
//           recounted from their latest messages (so any delivery in between resets it) and
//           reaching Tenant.softBounceLimit suppresses the address (SOFT_BOUNCE).
//   block → the receiver refused our IP or content, not the address: the subscriber is left
//           alone. The sending IP rests for that recipient domain (and operators get an
//           Alert) only once reports from several hosts about several messages corroborate
//           it (feedback/limits.ts): one sender must not take an IP out for a whole provider.
// "delayed" DSNs are warnings (the MTA still retries): an Event, nothing else.
// Idempotent by row state: a message moves to BOUNCED (or up to category hard) once, and
// only that move writes the Event and counts in Campaign.bouncedCount (one UPDATE per
// campaign per batch, not per message: the campaign row is every bounce's hot spot).
import { getDb, Prisma, type SqlTx } from '@rundbrief/db';
import { sha256 } from '../crypto.ts';
import { writeSuppressions, type SuppressionEntry } from '../deliverability/suppress.ts';
import { webhookOutboxCtes } from '../webhooks/events.ts';
import { ipBlockSeconds, markIpBlockedForDomain } from '../platform/ip-blocks.ts';
import { recordBlockEvidence, type BlockEvidence } from './limits.ts';
import { ipRestedMessage, receiverRefusedMessage } from '../platform/alert-text.ts';

/** The Message a report is about (named by our MAC); the tenant comes from this row. */
export type FeedbackMessage = { id: string; tenantId: string; campaignId: string; subscriberId: string; email: string; status: string; sourceIp: string | null };

export type AsyncBounce = {
  message: FeedbackMessage;
  category: 'hard' | 'soft' | 'block';
  status: string | null;
  smtpCode: number | null;
  diagnostic: string;
  reportingMta: string | null;
  /** DSN Action field: "delayed" means a warning, not a failure. */
  action?: string | null;
  /** InboundMessage.id, recorded on the Event. */
  inboundId: string;
  /** The host that sent the report (InboundMessage.remoteIp): a block needs several. */
  reporterIp: string | null;
};

/** 'duplicate': the message already showed this verdict (or a stronger one); nothing changed. */
export type BounceEffectKind = 'duplicate' | 'delayed' | 'hard' | 'soft' | 'soft-suppressed' | 'block';

/** Messages accessed through the Message-ID MAC or VERP: one global lookup for the batch. */
export async function messagesForFeedback(tx: SqlTx, ids: string[]): Promise<Map<string, FeedbackMessage>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.query<FeedbackMessage>(Prisma.sql`
    SELECT id::text AS id, "tenantId"::text AS "tenantId", "campaignId"::text AS "campaignId", "subscriberId"::text AS "subscriberId",
           email, status::text AS status, "sourceIp"
    FROM "Message" WHERE id = ANY(${[...new Set(ids)]}::uuid[])`);
  return new Map(rows.map((r) => [r.id, r]));
}

const RANK = { soft: 1, block: 2, hard: 3 } as const;
const isWarning = (b: AsyncBounce) => b.category === 'soft' && b.action === 'delayed';
const replyOf = (b: AsyncBounce) => `${b.smtpCode ?? ''} ${b.status ?? ''} ${b.diagnostic}`.trim().slice(0, 1000);
const byKey = <T>(rows: T[], key: (r: T) => string) => [...new Map(rows.map((r) => [key(r), r])).values()].sort((a, b) => (key(a) < key(b) ? -1 : 1));

/** Applies a batch of bounces in `tx`; returns one effect per input, in order. */
export async function applyBounces(tx: SqlTx, items: AsyncBounce[]): Promise<BounceEffectKind[]> {
  const effects: BounceEffectKind[] = items.map((b) => (isWarning(b) ? 'delayed' : 'duplicate'));
  // Per message, the strongest verdict of this batch decides (hard > block > soft).
  const winner = new Map<string, number>();
  items.forEach((b, i) => {
    if (isWarning(b)) return;
    const w = winner.get(b.message.id);
    if (w === undefined || RANK[b.category] > RANK[items[w]!.category]) winner.set(b.message.id, i);
  });
  const wins = [...winner.values()].sort((a, b) => (items[a]!.message.id < items[b]!.message.id ? -1 : 1)).map((i) => ({ i, b: items[i]! }));

  const moved = new Set((await tx.query<{ id: string }>(Prisma.sql`
    UPDATE "Message" m SET status = 'BOUNCED', "bounceCategory" = v.cat, "smtpCode" = NULLIF(v.code, '')::int, "smtpReply" = v.reply, "updatedAt" = now()
    FROM unnest(${wins.map((w) => w.b.message.id)}::uuid[], ${wins.map((w) => w.b.category)}::text[],
                ${wins.map((w) => (w.b.smtpCode == null ? '' : String(w.b.smtpCode)))}::text[], ${wins.map((w) => replyOf(w.b))}::text[]) AS v(id, cat, code, reply)
    WHERE m.id = v.id AND m.status <> 'BOUNCED'
    RETURNING m.id::text AS id`)).map((r) => r.id));
  // Already bounced (synchronously, or by an earlier DSN): a hard verdict still upgrades the category.
  const upgradeIds = wins.filter((w) => w.b.category === 'hard' && !moved.has(w.b.message.id)).map((w) => w.b.message.id);
  const upgraded = new Set(upgradeIds.length === 0 ? [] : (await tx.query<{ id: string }>(Prisma.sql`
    UPDATE "Message" SET "bounceCategory" = 'hard', "updatedAt" = now()
    WHERE id = ANY(${upgradeIds}::uuid[]) AND "bounceCategory" IS DISTINCT FROM 'hard'
    RETURNING id::text AS id`)).map((r) => r.id));
  for (const w of wins) if (moved.has(w.b.message.id) || upgraded.has(w.b.message.id)) effects[w.i] = w.b.category;

  const logged = items.filter((_, i) => effects[i] !== 'duplicate');
  if (logged.length > 0) {
    const meta = (b: AsyncBounce) => JSON.stringify({
      category: b.category, status: b.status, smtpCode: b.smtpCode, diagnostic: b.diagnostic.slice(0, 500),
      reportingMta: b.reportingMta, action: b.action ?? null, async: true, inboundId: b.inboundId,
    });
    // The same statement records the message.bounced webhook event (set-based outbox, one
    // statement per batch; a delivery warning is logged but is no bounce).
    await tx.execute(Prisma.sql`
      WITH v AS (
        SELECT * FROM unnest(${logged.map((b) => b.message.tenantId)}::uuid[], ${logged.map((b) => b.message.campaignId)}::uuid[],
                  ${logged.map((b) => b.message.id)}::uuid[], ${logged.map((b) => b.message.subscriberId)}::uuid[], ${logged.map(meta)}::text[],
                  ${logged.map((b) => b.message.email)}::text[]) AS v(t, c, m, s, md, em)
      ),
      ev AS (
        INSERT INTO "Event" ("tenantId", "campaignId", "messageId", "subscriberId", type, metadata)
        SELECT t, c, m, s, 'BOUNCE'::"EventType", md::jsonb FROM v
      ),
      wh_src AS (
        SELECT t AS "tenantId", jsonb_build_object('messageId', m, 'campaignId', c, 'subscriberId', s, 'email', em)
          || (md::jsonb - 'inboundId' - 'reportingMta') AS data
        FROM v WHERE md::jsonb->>'action' IS DISTINCT FROM 'delayed' OR md::jsonb->>'category' <> 'soft'
      ), ${webhookOutboxCtes('message.bounced', Prisma.sql`wh_src`)}
      SELECT 1`);
  }

  const hard = byKey(items.filter((b) => b.category === 'hard' && !isWarning(b)), (b) => `${b.message.tenantId}|${sha256(b.message.email)}`);
  // A hard bounce outranks a soft-bounce suppression; the subscriber becomes BOUNCED (suppress.ts).
  await writeSuppressions('HARD_BOUNCE', 'dsn', hard.map((b) => suppressionOf(b, replyOf(b))), { db: tx });

  // The soft-bounce streak is recounted once per subscriber, after this batch's moves.
  const soft = byKey(items.filter((b) => b.category === 'soft' && !isWarning(b)), (b) => b.message.subscriberId);
  const suppressedSubscribers = await countSoftStreaks(tx, soft);
  items.forEach((b, i) => {
    if (effects[i] === 'soft' && suppressedSubscribers.has(b.message.subscriberId)) effects[i] = 'soft-suppressed';
  });

  // Last: every batch of every worker about this campaign waits for its row lock until we commit.
  const perCampaign = new Map<string, number>();
  for (const id of moved) {
    const c = items[winner.get(id)!]!.message.campaignId;
    perCampaign.set(c, (perCampaign.get(c) ?? 0) + 1);
  }
  for (const [campaignId, n] of [...perCampaign].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await tx.execute(Prisma.sql`UPDATE "Campaign" SET "bouncedCount" = "bouncedCount" + ${n}, "updatedAt" = now() WHERE id = ${campaignId}::uuid`);
  }
  return effects;
}

const suppressionOf = (b: AsyncBounce, note: string): SuppressionEntry => ({
  tenantId: b.message.tenantId, email: b.message.email, note, subscriberId: b.message.subscriberId,
});

// A DSN can trail its message by hours: a SENT message younger than this is not yet proof
// of delivery and neither breaks nor extends the run.
const DELIVERY_PROOF_MS = 60 * 60_000;

/**
 * Recounts each subscriber's current run of soft bounces over their latest finished
 * messages (a message accepted over an hour ago that did not bounce breaks the run), stores
 * it in softBounceCount and suppresses at the tenant's limit. Returns the subscribers it suppressed.
 */
async function countSoftStreaks(tx: SqlTx, rows: AsyncBounce[]): Promise<Set<string>> {
  const suppressed = new Set<string>();
  if (rows.length === 0) return suppressed;
  const limits = new Map((await tx.query<{ id: string; limit: number }>(Prisma.sql`
    SELECT id::text AS id, "softBounceLimit" AS limit FROM "Tenant" WHERE id = ANY(${[...new Set(rows.map((b) => b.message.tenantId))]}::uuid[])`)).map((t) => [t.id, Math.max(1, t.limit)]));
  const take = Math.max(...limits.values(), 1) * 3;
  const recent = await tx.query<{ subscriberId: string; status: string; bounceCategory: string | null; sentAt: Date | null }>(Prisma.sql`
    SELECT r."subscriberId"::text AS "subscriberId", r.status::text AS status, r."bounceCategory", r."sentAt"
    FROM unnest(${rows.map((b) => b.message.subscriberId)}::uuid[]) AS s(id)
    CROSS JOIN LATERAL (
      SELECT "subscriberId", status, "bounceCategory", "sentAt" FROM "Message"
      WHERE "subscriberId" = s.id AND status IN ('SENT', 'BOUNCED', 'FAILED')
      ORDER BY "sentAt" DESC NULLS LAST, "updatedAt" DESC LIMIT ${take}
    ) r`);
  const bySubscriber = new Map<string, typeof recent>();
  for (const r of recent) bySubscriber.set(r.subscriberId, [...(bySubscriber.get(r.subscriberId) ?? []), r]);
  const proofBefore = Date.now() - DELIVERY_PROOF_MS;
  const streaks = rows.map((b) => {
    const limit = limits.get(b.message.tenantId) ?? 1;
    let streak = 0;
    for (const r of bySubscriber.get(b.message.subscriberId) ?? []) {
      if (r.status === 'SENT' && (!r.sentAt || r.sentAt.getTime() > proofBefore)) continue;
      if (streak >= limit) break;
      const isSoft = (r.status === 'BOUNCED' && r.bounceCategory === 'soft') || r.status === 'FAILED';
      if (!isSoft) break;
      streak++;
    }
    if (streak >= limit) suppressed.add(b.message.subscriberId);
    return { b, streak, limit };
  });
  await tx.execute(Prisma.sql`
    UPDATE "Subscriber" s SET "softBounceCount" = v.n, "updatedAt" = now()
    FROM unnest(${streaks.map((s) => s.b.message.subscriberId)}::uuid[], ${streaks.map((s) => s.streak)}::int[]) AS v(id, n)
    WHERE s.id = v.id`);
  const over = streaks.filter((s) => s.streak >= s.limit);
  await writeSuppressions('SOFT_BOUNCE', 'dsn', over.map((s) => suppressionOf(s.b, `${s.streak} soft bounces in a row; last: ${replyOf(s.b)}`)), { db: tx });
  return suppressed;
}

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/**
 * Rests the message's source IP for the recipient domain once the block is corroborated,
 * and alerts operators once per rest. Runs before the batch commits (the next send to the
 * domain must already avoid the IP); evidence is a set and a rest is taken once, so a
 * batch that rolls back and runs again adds nothing.
 */
export async function restSendingIp(b: AsyncBounce): Promise<{ rested: { ip: string; domain: string } | null; evidence?: BlockEvidence }> {
  const m = b.message;
  const domain = domainOf(m.email);
  const details = { ip: m.sourceIp, domain, messageId: m.id, campaignId: m.campaignId, status: b.status, smtpCode: b.smtpCode, diagnostic: b.diagnostic.slice(0, 500), reportingMta: b.reportingMta };
  if (!m.sourceIp) {
    await getDb().alert.create({ data: { kind: 'IP_BLOCKED', severity: 'warning', message: receiverRefusedMessage(domain, b.diagnostic), details } });
    return { rested: null };
  }
  const evidence = await recordBlockEvidence({ ip: m.sourceIp, domain, messageId: m.id, source: b.reporterIp ?? '' });
  if (!evidence.corroborated) return { rested: null, evidence };
  // false when already resting (alerted then) or when the address is not one of our pool's
  // (mail that went out through the relay has nothing to take out of rotation).
  const fresh = await markIpBlockedForDomain(m.sourceIp, domain, ipBlockSeconds(), b.diagnostic);
  if (fresh) {
    const hours = Math.round(ipBlockSeconds() / 360) / 10;
    await getDb().alert.create({
      data: {
        kind: 'IP_BLOCKED', severity: 'critical',
        message: ipRestedMessage(domain, m.sourceIp, evidence.messages, evidence.sources, hours, b.diagnostic),
        details: { ...details, evidence, hours },
      },
    });
  }
  return { rested: { ip: m.sourceIp, domain }, evidence };
}
