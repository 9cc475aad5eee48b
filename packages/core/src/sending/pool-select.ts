// Source IP choice for a recipient domain. Rendezvous (highest-random-weight) hashing ranks
// the usable IPs per domain, so a domain keeps landing on the same few IPs (and their open
// connections) while different domains spread over the pool. LISTED / DISABLED IPs and IPs
// blocked for this domain are skipped; among the top `spread` the less busy one wins.
import { createHash } from 'node:crypto';

export type PoolIp = { id: string; address: string; heloName: string; status: string; dailyLimit: number | null; warmupStartedAt: Date | null };

// A weight never changes: computed once per (IP, domain), not once per message.
const weights = new Map<string, number>();

function weight(ipId: string, domain: string): number {
  const key = `${ipId}|${domain}`;
  let w = weights.get(key);
  if (w === undefined) {
    if (weights.size >= 50_000) weights.clear();
    w = createHash('sha1').update(key).digest().readUInt32BE(0);
    weights.set(key, w);
  }
  return w;
}

export function rankIpsForDomain<T extends PoolIp>(ips: T[], domain: string, excluded: Set<string> = new Set()): T[] {
  return ips
    .filter((ip) => ip.status === 'ACTIVE' && !excluded.has(ip.id))
    .map((ip) => ({ ip, w: weight(ip.id, domain) }))
    .sort((a, b) => b.w - a.w)
    .map((x) => x.ip);
}

/** Picks among the first `spread` ranked IPs the one with the fewest sends in flight. */
export function pickIp<T extends PoolIp>(ranked: T[], inFlight: Map<string, number>, spread = 2): T | undefined {
  let best: T | undefined;
  for (const ip of ranked.slice(0, spread)) {
    if (!best || (inFlight.get(ip.id) ?? 0) < (inFlight.get(best.id) ?? 0)) best = ip;
  }
  return best;
}

/** Rankings per IP list (the runtime's cached list: a new list is a new key) and domain. */
const rankings = new WeakMap<readonly PoolIp[], Map<string, PoolIp[]>>();

/**
 * pickIp(rankIpsForDomain(ips, domain, excluded), inFlight) without ranking per message: the
 * ranking of the ACTIVE IPs is worked out once per IP list and domain, and the excluded ones
 * are passed over while picking.
 */
export function pickIpFor<T extends PoolIp>(ips: T[], domain: string, excluded: Set<string>, inFlight: Map<string, number>, spread = 2): T | undefined {
  let byDomain = rankings.get(ips);
  if (!byDomain) rankings.set(ips, (byDomain = new Map()));
  let ranked = byDomain.get(domain) as T[] | undefined;
  if (!ranked) {
    ranked = rankIpsForDomain(ips, domain);
    if (byDomain.size >= 10_000) byDomain.clear();
    byDomain.set(domain, ranked);
  }
  // The excluded ones (blocked for the domain, tried already) are passed over, then as pickIp.
  return pickIp(excluded.size ? ranked.filter((ip) => !excluded.has(ip.id)) : ranked, inFlight, spread);
}
