// Per-recipient-domain rest for a sending IP. When a receiver's reply or DSN says it blocks
// one of our IPs (blocklist, reputation, policy), sending more from that IP to that domain
// only deepens the block; other IPs keep serving the domain and the IP keeps serving other
// domains. Kept in Redis with a TTL so every worker process sees it and it ends by itself.
// The sending pool's IP selection asks `blockedIpsForDomain` before ranking.
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { coreEnv, parseEnv } from '../env.ts';
import { createRedis } from '../redis.ts';

const ipBlockEnv = z.object({
  /** How long an IP rests for a domain after a block reply (default 6 h). */
  IP_BLOCK_SECONDS: z.coerce.number().int().min(60).max(30 * 86400).default(6 * 3600),
});
export const ipBlockSeconds = () => parseEnv(ipBlockEnv).IP_BLOCK_SECONDS;

let redis: Redis | undefined;
const client = () => (redis ??= createRedis('producer'));

const key = (ip: string, domain: string) => `${coreEnv().QUEUE_PREFIX}:ip-block:${ip.trim().toLowerCase()}|${domain.trim().toLowerCase()}`;

/** Takes `ip` out of rotation for `domain` for `seconds`. Returns false if it was already resting. */
export async function markIpBlockedForDomain(ip: string, domain: string, seconds = ipBlockSeconds(), reason = 'blocked'): Promise<boolean> {
  const set = await client().set(key(ip, domain), reason.slice(0, 300), 'EX', Math.max(1, Math.round(seconds)), 'NX');
  if (set === 'OK') return true;
  // Already resting: a fresh block reply extends the rest.
  await client().expire(key(ip, domain), Math.max(1, Math.round(seconds)));
  return false;
}

export async function isIpBlockedForDomain(ip: string, domain: string): Promise<boolean> {
  return (await client().exists(key(ip, domain))) === 1;
}

/** Of `ips`, those resting for `domain` (one round trip for the whole pool). */
export async function blockedIpsForDomain(ips: string[], domain: string): Promise<Set<string>> {
  if (ips.length === 0) return new Set();
  const values = await client().mget(ips.map((ip) => key(ip, domain)));
  return new Set(ips.filter((_, i) => values[i] !== null));
}

/** Operator override: put the IP back into rotation for the domain now. */
export async function clearIpBlockForDomain(ip: string, domain: string): Promise<void> {
  await client().del(key(ip, domain));
}

export async function closeIpBlocks(): Promise<void> {
  redis?.disconnect();
  redis = undefined;
}
