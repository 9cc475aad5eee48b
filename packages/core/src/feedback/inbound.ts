// Mail arriving at the inbound SMTP server: which recipients we accept, persisting before
// the 250, and waking the workers that turn stored messages into their effects (bounce,
// complaint, mailto unsubscribe) in batches within seconds (inbound-batch.ts). A report
// changes a message only through an identifier we signed: the VERP return-path it was sent
// to or quotes, or the MAC'd Message-ID it quotes.
import { getDb, Prisma, sqlQuery } from '@rundbrief/db';
import { parseVerp } from '../deliverability/verp.ts';
import { parsePlatformVerp } from '../deliverability/platform-verp.ts';
import { enqueue } from '../jobs/queue.ts';
import { fblAddress, readUnsubscribeToken } from '../links.ts';
import { isReturnPathShape } from './return-path.ts';
import { applyInboundBatch, drainInbound, type Outcome } from './inbound-batch.ts';
import { feedbackEnv } from './limits.ts';

export type InboundRoute =
  | { kind: 'BOUNCE'; messageId: string }
  | { kind: 'FBL' }
  | { kind: 'UNSUBSCRIBE'; token: string }
  /** A bounce of platform mail (invitation, reset, ...): p-<id>-<mac>@BOUNCE_DOMAIN. */
  | { kind: 'PLATFORM_BOUNCE'; platformMailId: string };

/**
 * What an envelope recipient is for, or null when we do not accept mail for it. Only our
 * own HMAC-checked VERP addresses, the FBL address and validly signed mailto-unsubscribe
 * addresses are accepted, so the server is no open relay and no spam sink. The address is
 * lower-cased once here; only an unsubscribe token keeps its case (base64url).
 */
export function routeInboundRecipient(address: string): InboundRoute | null {
  const at = address.lastIndexOf('@');
  if (at <= 0) return null;
  const lower = address.toLowerCase();
  if (lower === fblAddress()) return { kind: 'FBL' };
  // Tenants' return paths bounces.<domain> too; the server checks at RCPT that the domain is
  // registered (acceptsReturnPath), and the MAC below is what makes an address ours.
  if (!isReturnPathShape(lower.slice(at + 1))) return null;
  const messageId = parseVerp(lower);
  if (messageId) return { kind: 'BOUNCE', messageId };
  const platformMailId = parsePlatformVerp(lower);
  if (platformMailId) return { kind: 'PLATFORM_BOUNCE', platformMailId };
  const unsub = /^unsubscribe\+(.+)$/i.exec(address.slice(0, at));
  if (unsub && readUnsubscribeToken(unsub[1]!)) return { kind: 'UNSUBSCRIBE', token: unsub[1]! };
  return null;
}

/** One key per thing an address names: two spellings of one address are one recipient. */
export const routeKey = (r: InboundRoute) => (r.kind === 'PLATFORM_BOUNCE' ? `PLATFORM_BOUNCE:${r.platformMailId}` : r.kind === 'BOUNCE' ? `BOUNCE:${r.messageId}` : r.kind === 'UNSUBSCRIBE' ? `UNSUBSCRIBE:${r.token}` : 'FBL');

/**
 * Persists one accepted message (once, whatever the number of our addresses it names); called
 * before the server answers 250. One raw INSERT: at a burst of DSNs this is the server's
 * per-message cost, and Prisma's query compilation would be most of it.
 */
export async function storeInboundMessage(input: { kind: string; mailFrom: string; rcptTo: string[]; remoteIp: string; raw: Buffer }) {
  const [row] = await sqlQuery<{ id: string }>(Prisma.sql`
    INSERT INTO "InboundMessage" (id, kind, "mailFrom", "rcptTo", "remoteIp", raw, size)
    VALUES (gen_random_uuid(), ${input.kind}, ${input.mailFrom}, ${input.rcptTo}::text[], ${input.remoteIp}, ${input.raw}, ${input.raw.length})
    RETURNING id::text AS id`, { name: 'store-inbound-message' });
  return row!.id;
}

// A server process wakes the workers at most once per KICK_MS (a deterministic job id, so
// several servers wake one drain), plus once at the end of a period in which it skipped a
// wake-up: the drain woken earlier may have finished before the last message of
// that period was stored. A burst of DSNs costs ten jobs a second, not one per message.
const KICK_MS = 100;
let kickedPeriod = -1;
let trailing: NodeJS.Timeout | null = null;

/** Wakes the workers to apply what is stored (any stored message, not only `id`). */
export async function enqueueInbound(_id?: string): Promise<void> {
  const period = Math.floor(Date.now() / KICK_MS);
  if (period !== kickedPeriod) {
    kickedPeriod = period;
    await enqueue('applyInbound', {}, { jobId: `inbound-drain-${period}`, removeOnComplete: true });
    return;
  }
  trailing ??= setTimeout(() => {
    trailing = null;
    // The sweep applies what a failed wake-up leaves.
    enqueueInbound().catch(() => {});
  }, (period + 1) * KICK_MS - Date.now() + 1);
  trailing.unref();
}

/** Applies one stored inbound message now (tests, operators); null when it is not PENDING or another worker holds it. */
export async function processInboundMessage(id: string): Promise<Outcome | null> {
  const r = await applyInboundBatch({ ids: [id] }, 1);
  return r.outcomes.get(id)?.outcome ?? null;
}

/**
 * Safety net for "never lose an accepted message": rows still PENDING a while after they
 * were stored (Redis was down at accept time, a wake-up raced a finishing drain, or a job
 * exhausted its retries) are applied here, from the maintenance schedule.
 */
export async function processStaleInbound(olderThanMs = 10_000): Promise<number> {
  return drainInbound({ receivedBefore: new Date(Date.now() - olderThanMs) });
}

/**
 * Deletes processed inbound mail (any terminal state; DONE is that of rows from before the
 * batched apply) older than INBOUND_RETENTION_DAYS: raw reports hold recipients' addresses and mail, kept only as long as an operator may need
 * to look into a complaint. Pending rows are never deleted. In batches, so one run never
 * holds a long lock.
 */
export async function pruneInboundMessages(now = new Date(), batch = 5_000): Promise<number> {
  const before = new Date(now.getTime() - feedbackEnv().INBOUND_RETENTION_DAYS * 86_400_000);
  let total = 0;
  for (;;) {
    const n = await getDb().$executeRaw`
      DELETE FROM "InboundMessage" WHERE id IN (
        SELECT id FROM "InboundMessage" WHERE status IN ('APPLIED', 'UNMATCHED', 'REFUSED', 'FAILED', 'DONE') AND "receivedAt" < ${before} LIMIT ${batch})`;
    total += n;
    if (n < batch) return total;
  }
}
