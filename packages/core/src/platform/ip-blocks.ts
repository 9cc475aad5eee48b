// Per-recipient-domain rest for a sending IP. When a receiver's reply or DSN says it blocks
// one of our IPs (blocklist, reputation, policy), sending more from that IP to that domain
// only deepens the block; other IPs keep serving the domain and the IP keeps serving other
// domains. Kept in Redis with a TTL so every worker process sees it and it ends by itself.
// One key format for both sides: the sending engine's pool selection (sending/limits.ts,
// blockedIpIds) reads exactly the keys written here, under the sender runtime's prefix.
import type { Redis } from 'ioredis';
import { getDb } from '@rundbrief/db';
import { assertPlatformOperator, auditOperator, type OperatorActor } from './operator.ts';
import { coreEnv } from '../env.ts';
import { closeSharedRedis, sharedRedis } from '../redis.ts';
import { blockedIpIds, blockIpForDomain } from '../sending/limits.ts';
import { sendingEnv } from '../sending/env.ts';

/** How long an IP rests for a domain after a block (IP_BLOCK_SECONDS, shared with the sender). */
export const ipBlockSeconds = () => sendingEnv().IP_BLOCK_SECONDS;

// Same prefix as the worker's send runtime (apps/worker/src/sending/runtime.ts).
const sendPrefix = () => `${coreEnv().QUEUE_PREFIX}:send`;
const KEY_MARK = ':ipblock:';

/** The shared connection (redis.ts), ready; also the feedback loop's evidence and per-source counters. */
export const platformRedis = sharedRedis;

async function ipIdOf(address: string): Promise<string | null> {
  const row = await getDb().sendingIp.findUnique({ where: { address: address.trim() }, select: { id: true } });
  return row?.id ?? null;
}

/**
 * Takes the sending IP with this address out of rotation for `domain` for `seconds`.
 * Returns true when this call started the rest, false when it was already resting or the
 * address is not in the pool.
 */
export async function markIpBlockedForDomain(ip: string, domain: string, seconds = ipBlockSeconds(), reason = 'blocked'): Promise<boolean> {
  const id = await ipIdOf(ip);
  if (!id) return false;
  return blockIpForDomain(await platformRedis(), sendPrefix(), id, domain.toLowerCase(), Math.max(1, Math.round(seconds)), reason);
}

export async function isIpBlockedForDomain(ip: string, domain: string): Promise<boolean> {
  const id = await ipIdOf(ip);
  if (!id) return false;
  return (await blockedIpIds(await platformRedis(), sendPrefix(), domain.toLowerCase(), [id])).has(id);
}

export type IpRest = { ip: string; domain: string; reason: string; secondsLeft: number };

/** Every IP currently resting for some domain (operator console; a pool has few IPs). */
export async function listIpRests(actor: OperatorActor): Promise<IpRest[]> {
  await assertPlatformOperator(actor);
  const r = await platformRedis();
  const prefix = `${sendPrefix()}${KEY_MARK}`;
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
  const ips = await getDb().sendingIp.findMany({ select: { id: true, address: true } });
  const addressOf = new Map(ips.map((i) => [i.id, i.address]));
  return keys
    .map((k, i) => {
      const rest = k.slice(prefix.length);
      const cut = rest.indexOf(':');
      const ipId = rest.slice(0, cut);
      return { ip: addressOf.get(ipId) ?? ipId, domain: rest.slice(cut + 1), reason: String(res[2 * i]?.[1] ?? ''), secondsLeft: Number(res[2 * i + 1]?.[1] ?? 0) };
    })
    .filter((x) => x.secondsLeft > 0)
    .sort((a, b) => a.ip.localeCompare(b.ip) || a.domain.localeCompare(b.domain));
}

/** Put the IP back into rotation for the domain now; true when it was resting. */
export async function clearIpBlockForDomain(ip: string, domain: string): Promise<boolean> {
  const id = await ipIdOf(ip);
  if (!id) return false;
  return (await (await platformRedis()).del(`${sendPrefix()}${KEY_MARK}${id}:${domain.toLowerCase()}`)) > 0;
}

/** Operator override of a rest (/admin/ips "End rest"), checked and audited like every operator change. */
export async function endIpRest(actor: OperatorActor, ip: string, domain: string): Promise<void> {
  await assertPlatformOperator(actor);
  const wasResting = await clearIpBlockForDomain(ip, domain);
  await auditOperator(actor, null, 'platform.sending_ip.rest_end', ip, { domain: domain.toLowerCase(), before: { resting: wasResting }, after: { resting: false } });
}

/** IP rests use the shared connection (redis.ts); closing it closes that. */
export async function closeIpBlocks(): Promise<void> {
  closeSharedRedis();
}
