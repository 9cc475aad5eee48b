// Fixed token windows in Redis: a bucket holds `limit` tokens per window; taking n either
// takes all n or none (a refused request costs nothing), atomically in one script, so
// concurrent web processes share one count. Redis unreachable -> UNAVAILABLE: the caller
// refuses (fail closed, STYLE.md rule 4), it never lets the request through uncounted.
// The one rate limiter of core for requests (sign-ups, test sends, invitations, public
// forms, inbound SMTP per IP).
// The other windows of core are here too, on the connection their caller passes and
// without the fail-closed wrapping (the caller decides what a Redis error means):
// `takeUpTo`, a counter that grants part of a request (or all of it or nothing) against a
// limit, for clock-aligned windows (`alignedWindow`: the send engine's per-minute and
// per-day budgets in sending/limits.ts, the feedback loop's per-source hour in
// feedback/limits.ts), and `logInSlidingWindow`, a sliding log of distinct events (the
// feedback loop's block evidence). One round trip each.
import type { Redis } from 'ioredis';
import { coreEnv } from './env.ts';
import { DomainError } from './errors.ts';
import { closeSharedRedis, sharedRedis, useSharedRedis } from './redis.ts';

// Returns the new count, or -(milliseconds until the window resets) when n does not fit.
const TAKE = `
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
local n, limit, ms = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
if cur + n > limit then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 1 then ttl = ms end
  return -ttl
end
redis.call('INCRBY', KEYS[1], n)
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ms) end
return cur + n`;

/** Points the windows (the shared connection) at another Redis (tests: an unreachable one). */
export const useRateWindowRedis = useSharedRedis;
export const closeRateWindows = closeSharedRedis;

const unavailable = () => new DomainError('UNAVAILABLE', 'This is unavailable for a moment (rate limits cannot be checked). Please try again shortly.').withText('common.unavailable');

export type WindowTake = { ok: true; used: number } | { ok: false; retryAfterSeconds: number };

/** Takes `n` tokens from the window `key` (limit per windowSeconds); all or nothing. */
export async function takeFromWindow(key: string, n: number, limit: number, windowSeconds: number): Promise<WindowTake> {
  let r: number;
  try {
    r = Number(await (await sharedRedis()).eval(TAKE, 1, `${coreEnv().QUEUE_PREFIX}:tw:${key}`, n, limit, windowSeconds * 1000));
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw unavailable();
  }
  return r >= 0 ? { ok: true, used: r } : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(-r / 1000)) };
}


/** The clock-aligned window of `windowMs` that `nowMs` falls in: its number (for the key) and its end. */
export function alignedWindow(nowMs: number, windowMs: number): { index: number; endsAtMs: number } {
  const index = Math.floor(nowMs / windowMs);
  return { index, endsAtMs: (index + 1) * windowMs };
}

// Grants min(n, limit - used) ("all": n or nothing) and counts only what it grants, in one
// step: two takers at once can never together pass the limit, nor (an INCRBY-then-give-back
// could) for a moment refuse each other. The key expires ttl ms after its last take.
const TAKE_UP_TO = `local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local n = tonumber(ARGV[1])
local grant = math.min(n, math.max(0, tonumber(ARGV[2]) - used))
if ARGV[4] == 'all' and grant < n then grant = 0 end
if grant > 0 then redis.call('INCRBY', KEYS[1], grant) end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return grant`;

/**
 * Takes up to `n` of `limit` from the counter `key` ("all": exactly n or none) and returns
 * how many it granted. The caller names the window in the key (see alignedWindow) and keeps
 * the key `ttlMs` past its last take. One round trip; Redis errors are the caller's.
 */
export async function takeUpTo(redis: Redis, key: string, n: number, limit: number, ttlMs: number, mode: 'partial' | 'all' = 'partial'): Promise<number> {
  return Number(await redis.eval(TAKE_UP_TO, 1, key, n, limit, ttlMs, mode));
}

/**
 * A sliding log in the sorted set `key`: adds `member` at `nowMs`, drops entries older than
 * `windowMs` and all but the newest `maxEntries` (a flood cannot grow it), and returns the
 * members left, oldest first. One round trip; Redis errors are the caller's.
 */
export async function logInSlidingWindow(redis: Redis, key: string, member: string, windowMs: number, maxEntries: number, nowMs: number): Promise<string[]> {
  const res = await redis.multi()
    .zadd(key, nowMs, member)
    .zremrangebyscore(key, '-inf', String(nowMs - windowMs))
    .zremrangebyrank(key, 0, -maxEntries - 1)
    .pexpire(key, windowMs)
    .zrange(key, '0', '-1')
    .exec();
  return (res?.[4]?.[1] ?? []) as string[];
}
