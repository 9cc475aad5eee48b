// Fixed token windows in Redis: a bucket holds `limit` tokens per window; taking n either
// takes all n or none (a refused request costs nothing), atomically in one script, so
// concurrent web processes share one count. Redis unreachable -> UNAVAILABLE: the caller
// refuses (fail closed, STYLE.md rule 4), it never lets the request through uncounted.
// The one rate limiter of core for requests (sign-ups, test sends, invitations, public
// forms, inbound SMTP per IP); the send engine's token buckets (sending/limits.ts) grant
// part of a request and are the engine's own.
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

const unavailable = () => new DomainError('UNAVAILABLE', 'This is unavailable for a moment (rate limits cannot be checked). Please try again shortly.');

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

