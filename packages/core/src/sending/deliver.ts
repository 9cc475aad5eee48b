// Delivery of one prebuilt message to one recipient over the IP pool: choose an IP (skip
// LISTED/DISABLED, blocked-for-domain, over warm-up cap), respect the domain's session and
// rate limits, send, classify the reply. Connection errors and block replies move on to the
// next IP; a block also takes the IP out of rotation for that domain and raises an Alert.
import { classifySmtpReply, type SmtpReplyClass } from '@rundbrief/mailer/bounce/smtp-reply';
import { getDb } from '@rundbrief/db';
import { sendingEnv } from './env.ts';
import { blockedIpIds, blockIpForDomain, domainSessionShare, limitFor, takeDailyIpQuota, takeTokens, warmupCap } from './limits.ts';
import { pickIpFor } from './pool-select.ts';
import type { SendRuntime } from './runtime.ts';

export type DeliveryResult =
  | { kind: 'delivered'; code: number; reply: string; ip: string }
  | { kind: 'hard' | 'soft'; code: number; reply: string; ip: string; cls: SmtpReplyClass }
  /** No IP could attempt it (all blocked/failed/over cap) or the domain is rate limited. */
  | { kind: 'postponed'; reply: string; ip: string | null; retryAt: Date | null }
  /** The connection died after the message was sent: it may have arrived. Never retried. */
  | { kind: 'unknown'; reply: string; ip: string }
  /** `handOver` refused: the message is no longer ours (the lease sweep released it). Nothing was sent, nothing is recorded. */
  | { kind: 'released'; reply: string; ip: null };

/**
 * Called once per message right before its first SMTP transaction may start; resolves true
 * when the message is marked as handed over (after a crash the lease sweep lists it as
 * ambiguous), false when it is no longer ours (then it is not sent). A mark without a
 * transaction only errs to the ambiguous side; a transaction without a mark never happens.
 */
export type HandOver = () => boolean | Promise<boolean>;

/**
 * A refusing SMTP reply, classified. A 5xx to MAIL FROM refuses our sender or IP (policy,
 * reputation, relay auth), never the recipient: it is a block (alert, next IP), the
 * recipient is not bounced. Everything else goes by reply code and text.
 */
export function classifyAttemptReply(res: { code: number; response: string; stage?: 'mail' | 'rcpt' | 'data' }): SmtpReplyClass {
  if (res.stage === 'mail' && res.code >= 500) return { category: 'block', reason: 'sender-refused', enhanced: null };
  return classifySmtpReply(res.code, null, res.response);
}

/**
 * Never throws for a message that was not handed to a server: a failure of the shaping
 * store (Redis restarting, say) before any attempt postpones the message for a short while
 * instead of failing the batch or leaving the message's fate unknown.
 */
export async function deliver(rt: SendRuntime, envelope: { from: string; to: string }, raw: Buffer, tenantId: string | null, handOver?: HandOver): Promise<DeliveryResult> {
  const attempted = { value: false };
  try {
    return await deliverInner(rt, envelope, raw, tenantId, attempted, handOver);
  } catch (err) {
    if (attempted.value) throw err;
    return { kind: 'postponed', reply: `sending paused briefly: ${(err as Error).message}`.slice(0, 300), ip: null, retryAt: new Date(rt.clock.now() + 15_000) };
  }
}

/** Re-reads of a domain's blocked IPs in flight, per runtime: one MGET however many senders find the entry stale. */
const refreshing = new WeakMap<SendRuntime, Map<string, Promise<{ at: number; ids: Set<string> }>>>();

/**
 * The IPs blocked for `domain`, re-read from Redis at most once a second per process. Every
 * sender that found the entry stale used to read it itself (a burst of MGETs per domain and
 * second, each a Redis round trip and socket write in the worker); now they share one read.
 */
function blockedFor(rt: SendRuntime, domain: string, ips: { id: string }[]): { at: number; ids: Set<string> } | Promise<{ at: number; ids: Set<string> }> {
  const cached = rt.blockCache.get(domain);
  if (cached && rt.clock.now() - cached.at <= 1000) return cached;
  let inFlight = refreshing.get(rt);
  if (!inFlight) refreshing.set(rt, (inFlight = new Map()));
  let read = inFlight.get(domain);
  if (!read) {
    const at = rt.clock.now();
    const reads = inFlight;
    read = blockedIpIds(rt.redis, rt.prefix, domain, ips.map((i) => i.id))
      .then((ids) => {
        const entry = { at, ids };
        rt.blockCache.set(domain, entry);
        return entry;
      })
      .finally(() => reads.delete(domain));
    inFlight.set(domain, read);
  }
  return read;
}

async function deliverInner(rt: SendRuntime, envelope: { from: string; to: string }, raw: Buffer, tenantId: string | null, attempted: { value: boolean }, handOver?: HandOver): Promise<DeliveryResult> {
  const domain = envelope.to.slice(envelope.to.lastIndexOf('@') + 1).toLowerCase();
  const limit = limitFor(rt.domainLimits, domain);
  // The fast paths below (no rate limit, cached IPs and blocks, no warm-up cap, a free
  // session) take no promise: this runs once per message.
  if (limit.perMinute > 0) {
    const rate = await takeTokens(rt.redis, `${rt.prefix}:rate:dom:${domain}`, 1, limit.perMinute);
    if (rate.granted === 0) return { kind: 'postponed', reply: `domain ${domain} rate limit`, ip: null, retryAt: new Date(rate.retryAtMs) };
  }
  const listed = rt.sendingIps();
  const ips = Array.isArray(listed) ? listed : await listed;
  const cachedBlocks = blockedFor(rt, domain, ips);
  const blocked = cachedBlocks instanceof Promise ? await cachedBlocks : cachedBlocks;
  const skip = new Set(blocked.ids);
  let last: { reply: string; ip: string | null } = { reply: ips.length ? 'every sending IP is blocked or at its cap' : 'no sending IP configured', ip: null };
  for (;;) {
    const ip = pickIpFor(ips, domain, skip, rt.inFlight);
    if (!ip) break;
    skip.add(ip.id);
    const cap = ip.dailyLimit == null ? null : warmupCap(ip, new Date(rt.clock.now()));
    if (cap != null && !(await takeDailyIpQuota(rt.redis, rt.prefix, ip.id, cap))) continue;
    const share = domainSessionShare(limit.connections, rt.liveSenders);
    const release = rt.gate.tryAcquire(domain, share) ?? await rt.gate.acquire(domain, share);
    rt.inFlight.set(ip.id, (rt.inFlight.get(ip.id) ?? 0) + 1);
    let res;
    try {
      // Marked as handed over once a connection is ready, right before MAIL FROM (batched with
      // the other senders' marks), so a crash from then on lists the message as ambiguous and
      // a crash before it resends it. Once marked, later IPs need no new mark.
      const mark = handOver;
      attempted.value = !mark;
      // (no promise when the mark is already made: the usual case, see batch.ts)
      res = await rt.transport.send(ip, envelope, raw, mark && (() => {
        const ours = mark();
        if (ours === true) {
          attempted.value = true;
          handOver = undefined;
          return true;
        }
        if (ours === false) return false;
        return ours.then((yes) => {
          if (yes) {
            attempted.value = true;
            handOver = undefined;
          }
          return yes;
        });
      }));
    } finally {
      rt.inFlight.set(ip.id, (rt.inFlight.get(ip.id) ?? 1) - 1);
      release();
    }
    if (!res.ok && res.kind === 'cancelled') return { kind: 'released', reply: 'claim lost before the attempt', ip: null };
    if (res.ok) return { kind: 'delivered', code: res.code, reply: res.response, ip: ip.address };
    if (res.kind === 'unknown') return { kind: 'unknown', reply: res.response, ip: ip.address };
    last = { reply: res.response, ip: ip.address };
    if (res.kind === 'connection') {
      attempted.value = false; // nothing reached the server: the next IP may try
      continue;
    }
    const cls = classifyAttemptReply(res);
    if (cls.category === 'block') {
      blocked.ids.add(ip.id);
      await reportBlock(rt, { ipId: ip.id, address: ip.address, domain, reply: res.response, code: res.code, tenantId })
        
        .catch((err) => rt.log.error(`could not record the block of ${ip.address} for ${domain}: ${(err as Error).message}`));
      attempted.value = false; // not delivered: the next IP may try
      continue;
    }
    return { kind: cls.category === 'hard' ? 'hard' : 'soft', code: res.code, reply: res.response, ip: ip.address, cls };
  }
  return { kind: 'postponed', reply: last.reply, ip: last.ip, retryAt: null };
}

async function reportBlock(rt: SendRuntime, b: { ipId: string; address: string; domain: string; reply: string; code: number; tenantId: string | null }) {
  const fresh = await blockIpForDomain(rt.redis, rt.prefix, b.ipId, b.domain, sendingEnv().IP_BLOCK_SECONDS, b.reply);
  if (!fresh) return;
  // Platform alert (tenantId null): the IP's reputation is the operator's problem.
  await getDb().alert.create({
    data: {
      kind: 'IP_BLOCKED',
      severity: 'critical',
      message: `${b.domain} refused mail from ${b.address}: ${b.reply.slice(0, 200)}`,
      details: { ip: b.address, ipId: b.ipId, domain: b.domain, smtpCode: b.code, reply: b.reply.slice(0, 1000), tenantId: b.tenantId },
    },
  });
}
