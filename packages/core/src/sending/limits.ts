// Shaping with Redis counters shared by every worker process: per-recipient-domain and
// per-tenant rates (fixed one-minute windows), the tenant's daily limit (per UTC day),
// per-IP warm-up daily caps, and per-(IP, domain) blocks after a block reply. Connection
// limits per IP are the transport pool's maxConnections; per domain an in-process
// semaphore (DomainGate) caps parallel sessions. The counting windows are rate-window.ts's
// (`takeUpTo` on the engine's own connection: one round trip per take, as before).
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { alignedWindow, takeUpTo } from '../rate-window.ts';

export type DomainLimit = { perMinute: number; connections: number };

/** Large mailbox providers publish or enforce lower rates; "*" is every other domain. */
export const DEFAULT_DOMAIN_LIMITS: Record<string, DomainLimit> = {
  '*': { perMinute: 6000, connections: 10 },
  'gmail.com': { perMinute: 3000, connections: 10 }, 'googlemail.com': { perMinute: 3000, connections: 10 },
  'outlook.com': { perMinute: 1200, connections: 5 }, 'hotmail.com': { perMinute: 1200, connections: 5 }, 'live.com': { perMinute: 1200, connections: 5 },
  'yahoo.com': { perMinute: 1200, connections: 5 }, 'aol.com': { perMinute: 600, connections: 3 },
  'gmx.de': { perMinute: 1200, connections: 5 }, 'gmx.net': { perMinute: 1200, connections: 5 }, 'web.de': { perMinute: 1200, connections: 5 },
  't-online.de': { perMinute: 600, connections: 3 },
};

const limitSchema = z.record(z.string(), z.object({ perMinute: z.number().int().nonnegative(), connections: z.number().int().positive() }));

export function parseDomainLimits(json: string): Record<string, DomainLimit> {
  return { ...DEFAULT_DOMAIN_LIMITS, ...limitSchema.parse(JSON.parse(json || '{}')) };
}

export function limitFor(table: Record<string, DomainLimit>, domain: string): DomainLimit {
  return table[domain] ?? table['*'] ?? { perMinute: 0, connections: 10 };
}

/** Takes up to `n` tokens of a per-minute budget; returns how many were granted and when the window ends. */
export async function takeTokens(redis: Redis, key: string, n: number, perMinute: number): Promise<{ granted: number; retryAtMs: number }> {
  const now = Date.now();
  if (perMinute <= 0) return { granted: n, retryAtMs: now };
  const minute = alignedWindow(now, 60_000);
  const granted = await takeUpTo(redis, `${key}:${minute.index}`, n, perMinute, 120_000);
  return { granted, retryAtMs: minute.endsAtMs };
}

const day = () => new Date().toISOString().slice(0, 10);

/** The UTC day a daily budget counts against (YYYY-MM-DD) and the time it ends (next midnight UTC). */
export function utcDay(nowMs = Date.now()): { day: string; endsAt: Date } {
  const d = new Date(nowMs);
  return { day: d.toISOString().slice(0, 10), endsAt: new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1)) };
}

/** The tenant's per-UTC-day send counter (Tenant.dailySendLimit), shared by every worker. */
export const tenantDayKey = (prefix: string, tenantId: string, dayKey: string) => `${prefix}:day:tenant:${tenantId}:${dayKey}`;

/**
 * Takes up to `n` sends of the tenant's daily budget (null: no daily limit). Counted when
 * claimed, not when delivered: a claimed message is attempted once today, whatever its
 * outcome, and a 4xx retry tomorrow counts against tomorrow's budget.
 */
export async function takeDailyTokens(redis: Redis, prefix: string, tenantId: string, n: number, limit: number | null, nowMs = Date.now()): Promise<{ granted: number; key: string | null; endsAt: Date }> {
  const { day: dayKey, endsAt } = utcDay(nowMs);
  if (limit == null) return { granted: n, key: null, endsAt };
  const key = tenantDayKey(prefix, tenantId, dayKey);
  // Grants min(n, limit - used) in one step: two workers at once never pass the limit.
  const granted = await takeUpTo(redis, key, n, limit, 2 * 86400_000);
  return { granted, key, endsAt };
}

/** Gives back daily sends taken but not used (the per-minute budget granted fewer). */
export async function returnDailyTokens(redis: Redis, key: string | null, n: number): Promise<void> {
  if (key && n > 0) await redis.decrby(key, n);
}

/** What is left of the tenant's budget today (null: no daily limit). */
export async function remainingDailyBudget(redis: Redis, prefix: string, tenantId: string, limit: number | null, nowMs = Date.now()): Promise<number | null> {
  if (limit == null) return null;
  const used = Number((await redis.get(tenantDayKey(prefix, tenantId, utcDay(nowMs).day))) ?? 0);
  return Math.max(0, limit - used);
}

/** Warm-up: the cap doubles every day since warm-up started (dailyLimit on day 0). */
export function warmupCap(ip: { dailyLimit: number | null; warmupStartedAt: Date | null }, now = new Date()): number | null {
  if (ip.dailyLimit == null) return null;
  if (!ip.warmupStartedAt) return ip.dailyLimit;
  const days = Math.max(0, Math.floor((now.getTime() - ip.warmupStartedAt.getTime()) / 86400_000));
  return ip.dailyLimit * 2 ** Math.min(days, 30);
}

/** Counts `n` sends against an IP's daily cap; false (and nothing counted) when it is full. */
export async function takeDailyIpQuota(redis: Redis, prefix: string, ipId: string, cap: number | null, n = 1): Promise<boolean> {
  if (cap == null) return true;
  return (await takeUpTo(redis, `${prefix}:ipday:${ipId}:${day()}`, n, cap, 2 * 86400_000, 'all')) === n;
}

const blockKey = (prefix: string, ipId: string, domain: string) => `${prefix}:ipblock:${ipId}:${domain}`;

/** Takes an IP out of rotation for one domain; true when this call started the block. */
export async function blockIpForDomain(redis: Redis, prefix: string, ipId: string, domain: string, seconds: number, reply: string): Promise<boolean> {
  return (await redis.set(blockKey(prefix, ipId, domain), reply.slice(0, 300), 'EX', seconds, 'NX')) === 'OK';
}

export async function blockedIpIds(redis: Redis, prefix: string, domain: string, ipIds: string[]): Promise<Set<string>> {
  if (ipIds.length === 0) return new Set();
  const vals = await redis.mget(ipIds.map((id) => blockKey(prefix, id, domain)));
  return new Set(ipIds.filter((_, i) => vals[i] != null));
}

/**
 * The per-domain session limit is platform-wide: each of the `liveSenders` worker processes
 * (counted in Redis, see registerSender) takes an equal share, at least one session.
 */
export function domainSessionShare(limit: number, liveSenders: number): number {
  return Math.max(1, Math.floor(limit / Math.max(1, liveSenders)));
}

/** Registers this sending process and returns how many are alive (seen within 60 s). */
export async function registerSender(redis: Redis, prefix: string, id: string, now = Date.now()): Promise<number> {
  const key = `${prefix}:senders`;
  const [, , [, n]] = (await redis.multi().zadd(key, now, id).zremrangebyscore(key, 0, now - 60_000).zcard(key).exec()) as [unknown, unknown, [null, number]];
  return n;
}

export async function unregisterSender(redis: Redis, prefix: string, id: string): Promise<void> {
  await redis.zrem(`${prefix}:senders`, id);
}

/** In-process cap on parallel SMTP sessions per recipient domain (this process's share). */
export class DomainGate {
  private active = new Map<string, number>();
  private waiters = new Map<string, (() => void)[]>();

  async acquire(domain: string, max: number): Promise<() => void> {
    for (;;) {
      const release = this.tryAcquire(domain, max);
      if (release) return release;
      await new Promise<void>((resolve) => this.waiters.set(domain, [...(this.waiters.get(domain) ?? []), resolve]));
    }
  }

  /** acquire without waiting: the release function, or null when the domain is at `max` (once per message: no promise). */
  tryAcquire(domain: string, max: number): (() => void) | null {
    const active = this.active.get(domain) ?? 0;
    if (active >= max) return null;
    this.active.set(domain, active + 1);
    return () => {
      this.active.set(domain, (this.active.get(domain) ?? 1) - 1);
      const next = this.waiters.get(domain)?.shift();
      next?.();
    };
  }
}
