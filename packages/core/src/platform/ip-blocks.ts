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
let ready: Promise<Redis> | undefined;

/** The producer connection, once it is ready (producers refuse commands while connecting). */
function client(): Promise<Redis> {
  if (!redis || redis.status === 'end') {
    const r = (redis = createRedis('producer'));
    ready = new Promise<Redis>((resolve, reject) => {
      r.once('ready', () => resolve(r));
      r.once('error', reject);
    });
    ready.catch(() => {}); // a failed connection surfaces on use, not as an unhandled rejection
  }
  return redis.status === 'ready' ? Promise.resolve(redis) : ready!;
}

const key = (ip: string, domain: string) => `${coreEnv().QUEUE_PREFIX}:ip-block:${ip.trim().toLowerCase()}|${domain.trim().toLowerCase()}`;

/** Takes `ip` out of rotation for `domain` for `seconds`. Returns false if it was already resting. */
export async function markIpBlockedForDomain(ip: string, domain: string, seconds = ipBlockSeconds(), reason = 'blocked'): Promise<boolean> {
  const set = await (await client()).set(key(ip, domain), reason.slice(0, 300), 'EX', Math.max(1, Math.round(seconds)), 'NX');
  if (set === 'OK') return true;
  // Already resting: a fresh block reply extends the rest.
  await (await client()).expire(key(ip, domain), Math.max(1, Math.round(seconds)));
  return false;
}

export async function isIpBlockedForDomain(ip: string, domain: string): Promise<boolean> {
  return (await (await client()).exists(key(ip, domain))) === 1;
}

/** Of `ips`, those resting for `domain` (one round trip for the whole pool). */
export async function blockedIpsForDomain(ips: string[], domain: string): Promise<Set<string>> {
  if (ips.length === 0) return new Set();
  const values = await (await client()).mget(ips.map((ip) => key(ip, domain)));
  return new Set(ips.filter((_, i) => values[i] !== null));
}

export type IpRest = { ip: string; domain: string; reason: string; secondsLeft: number };

/** Every IP currently resting for some domain (operator console; a pool has few IPs). */
export async function listIpRests(): Promise<IpRest[]> {
  const prefix = `${coreEnv().QUEUE_PREFIX}:ip-block:`;
  const r = await client();
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0' && keys.length < 5000);
  if (keys.length === 0) return [];
  const pipe = r.pipeline();
  for (const k of keys) pipe.get(k).ttl(k);
  const res = (await pipe.exec()) ?? [];
  return keys
    .map((k, i) => {
      const [ip = '', domain = ''] = k.slice(prefix.length).split('|');
      return { ip, domain, reason: String(res[2 * i]?.[1] ?? ''), secondsLeft: Number(res[2 * i + 1]?.[1] ?? 0) };
    })
    .filter((r) => r.secondsLeft > 0)
    .sort((a, b) => a.ip.localeCompare(b.ip) || a.domain.localeCompare(b.domain));
}

/** Operator override: put the IP back into rotation for the domain now. */
export async function clearIpBlockForDomain(ip: string, domain: string): Promise<void> {
  await (await client()).del(key(ip, domain));
}

export async function closeIpBlocks(): Promise<void> {
  redis?.disconnect();
  redis = undefined;
  ready = undefined;
}
