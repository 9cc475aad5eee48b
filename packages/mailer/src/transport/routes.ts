// Where a recipient domain's mail goes next: a relay (smarthost) for every domain, or the
// domain's MX hosts (lowest preference first) from a configurable resolver. A static route
// table overrides both (tests, and operators pinning a domain to a host).
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPrivateAddress } from './private-address.ts';

export type NextHop = {
  host: string;
  port: number;
  secure: boolean;
  /** The name the host is known by (TLS SNI and certificate check) when `host` is an address. */
  servername?: string;
  auth?: { user: string; pass: string };
};

export type RouteConfig = {
  mode: 'relay' | 'mx';
  /** smtp://user:pass@host:port or smtps://... (relay mode). */
  relayUrl: string;
  /** domain -> host:port; "*" matches every domain. */
  staticRoutes: Record<string, { host: string; port: number }>;
  /** host:port of the DNS server for MX and address lookups; empty: the system resolver. */
  dnsResolver?: string;
  /** Port the MX hosts are reached on: 25 (RFC 5321); development and tests use another. */
  mxPort?: number;
  /** MX hosts may resolve to loopback/private/link-local addresses (MX_ALLOW_PRIVATE=1: development only). */
  allowPrivateMx?: boolean;
};

/** The recipient domain publishes a null MX (RFC 7505): it accepts no mail, a permanent failure. */
export class NullMxError extends Error {
  readonly code = 'ENULLMX';
  constructor(domain: string) {
    super(`${domain} accepts no mail (null MX, RFC 7505)`);
  }
}

/** Every MX address of the domain is loopback, private or link-local: refused, never connected to. */
export class PrivateMxError extends Error {
  readonly code = 'EPRIVATEMX';
  constructor(domain: string, addresses: string[]) {
    super(`${domain}: its mail hosts resolve only to non-public addresses (${addresses.slice(0, 3).join(', ')}); refused`);
  }
}

export function parseRelayUrl(url: string): NextHop {
  const u = new URL(url);
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new Error('SMTP_RELAY_URL must be smtp:// or smtps://');
  const secure = u.protocol === 'smtps:';
  return {
    host: u.hostname,
    port: Number(u.port) || (secure ? 465 : 25),
    secure,
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
  };
}

// The relay URL parsed once per value, not once per message (a URL parse per mail showed in
// the send profile). Callers get a copy: a hop is theirs to keep.
let relay: { url: string; hop: NextHop } | undefined;
function relayHop(url: string): NextHop {
  if (relay?.url !== url) relay = { url, hop: parseRelayUrl(url) };
  const { hop } = relay;
  return { ...hop, auth: hop.auth ? { ...hop.auth } : undefined };
}

/** "a.example=127.0.0.1:2600,*=127.0.0.1:2525" -> table. */
export function parseStaticRoutes(spec: string | undefined): RouteConfig['staticRoutes'] {
  const out: RouteConfig['staticRoutes'] = {};
  for (const part of (spec ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([^=\s]+)=([^:\s]+):(\d+)$/.exec(part);
    if (!m) throw new Error(`Bad route "${part}" (expected domain=host:port)`);
    out[m[1]!.toLowerCase()] = { host: m[2]!, port: Number(m[3]) };
  }
  return out;
}

type MxTarget = { name: string; preference: number; addresses: string[] };
type CacheEntry = { targets: Promise<MxTarget[]>; until: number };

const CACHE_SECONDS = 300;
const CACHE_MAX = 20_000;
// Keyed by resolver and domain; the promise is shared, so a burst of sends to a cold domain
// asks DNS once.
const mxCache = new Map<string, CacheEntry>();
const resolvers = new Map<string, Resolver>();

function resolverFor(server: string | undefined): Resolver {
  let r = resolvers.get(server ?? '');
  if (!r) {
    r = new Resolver({ timeout: 3000, tries: 2 });
    if (server) r.setServers([server]);
    resolvers.set(server ?? '', r);
  }
  return r;
}

const codeOf = (err: unknown) => (err as { code?: string }).code;
const absent = (err: unknown) => codeOf(err) === 'ENODATA' || codeOf(err) === 'ENOTFOUND';

function dnsFailure(domain: string, err: unknown): Error {
  const code = codeOf(err);
  const why = code === 'ENOTFOUND' ? 'domain does not exist (NXDOMAIN)'
    : code === 'ETIMEOUT' ? 'DNS lookup timed out'
      : code === 'ESERVFAIL' ? 'DNS server failure (SERVFAIL)'
        : `DNS lookup failed (${code ?? (err as Error).message})`;
  return Object.assign(new Error(`${domain}: ${why}`), { code });
}

/** IPv4 then IPv6 addresses of `name` (the sending IPs are bound to one family or the other). */
async function addressesOf(r: Resolver, name: string): Promise<string[]> {
  if (isIP(name)) return [name];
  const [v4, v6] = await Promise.allSettled([r.resolve4(name), r.resolve6(name)]);
  const out = [...(v4.status === 'fulfilled' ? v4.value : []), ...(v6.status === 'fulfilled' ? v6.value : [])];
  if (out.length) return out;
  const failed = [v4, v6].find((s): s is PromiseRejectedResult => s.status === 'rejected' && !absent(s.reason));
  if (failed) throw failed.reason;
  return [];
}

async function lookupMx(r: Resolver, domain: string): Promise<MxTarget[]> {
  let mx: { exchange: string; priority: number }[];
  try {
    mx = await r.resolveMx(domain);
  } catch (err) {
    if (codeOf(err) !== 'ENODATA') throw dnsFailure(domain, err);
    mx = [];
  }
  // RFC 7505: a single MX "0 ." (the resolver reports an empty exchange) means no mail.
  if (mx.length === 1 && mx[0]!.exchange === '') throw new NullMxError(domain);
  // RFC 5321 5.1: without MX records the domain itself (its A/AAAA) is the implicit MX.
  if (mx.length === 0) mx = [{ exchange: domain, priority: 0 }];
  const named = mx.filter((m) => m.exchange !== '');
  const targets = await Promise.all(named.map(async (m) => {
    try {
      return { name: m.exchange.toLowerCase(), preference: m.priority, addresses: await addressesOf(r, m.exchange) };
    } catch {
      return { name: m.exchange.toLowerCase(), preference: m.priority, addresses: [] }; // unreachable: the next MX
    }
  }));
  const usable = targets.filter((t) => t.addresses.length > 0);
  if (!usable.length) throw new Error(`${domain}: no address for its mail host(s) ${named.map((m) => m.exchange).join(', ')}`);
  return usable;
}

function cachedTargets(cfg: RouteConfig, domain: string): Promise<MxTarget[]> {
  const key = `${cfg.dnsResolver ?? ''}|${domain}`;
  const now = Date.now();
  const hit = mxCache.get(key);
  if (hit && hit.until > now) return hit.targets;
  if (mxCache.size >= CACHE_MAX) {
    for (const [k, e] of mxCache) if (e.until <= now) mxCache.delete(k);
    if (mxCache.size >= CACHE_MAX) mxCache.clear();
  }
  const targets = lookupMx(resolverFor(cfg.dnsResolver), domain);
  const entry = { targets, until: now + CACHE_SECONDS * 1000 };
  mxCache.set(key, entry);
  // Definite answers (no such domain, null MX) stay cached like records; a timeout or server
  // failure is asked again by the next message.
  targets.catch((err: unknown) => {
    const definite = err instanceof NullMxError || codeOf(err) === 'ENOTFOUND';
    if (!definite && mxCache.get(key) === entry) mxCache.delete(key);
  });
  return targets;
}

// RFC 5321 5.1: hosts of equal preference are tried in random order to spread the load.
function byPreference(targets: MxTarget[]): MxTarget[] {
  return targets.map((t) => ({ t, r: Math.random() })).sort((a, b) => a.t.preference - b.t.preference || a.r - b.r).map((x) => x.t);
}

/**
 * Every next hop for `domain`, in the order to try them: the static route or the relay (one
 * hop), or each address of each MX host, lowest preference first. Throws when the domain
 * cannot receive mail: no such domain, null MX (`NullMxError`), no MX host with an address.
 */
export async function resolveRoutes(cfg: RouteConfig, domain: string): Promise<NextHop[]> {
  return fixedRoutes(cfg, domain) ?? mxRoutes(cfg, domain);
}

/** The hops that need no lookup (a static route, the relay), else null: known without a promise, once per message. */
export function fixedRoutes(cfg: RouteConfig, domain: string): NextHop[] | null {
  const pinned = cfg.staticRoutes[domain] ?? cfg.staticRoutes['*'];
  if (pinned) return [{ ...pinned, secure: false }];
  if (cfg.mode === 'relay') return [relayHop(cfg.relayUrl)];
  return null;
}

async function mxRoutes(cfg: RouteConfig, domain: string): Promise<NextHop[]> {
  const port = cfg.mxPort ?? 25;
  const targets = byPreference(await cachedTargets(cfg, domain));
  // Addresses come from the configured resolver, so the connection does not look the name
  // up again elsewhere; the name stays for TLS (SNI, certificate check).
  const hops = targets.flatMap((t) => t.addresses.map((address) => ({ host: address, servername: t.name, port, secure: false })));
  // Checked after resolution, on the very addresses we connect to (private-address.ts).
  const allowed = cfg.allowPrivateMx ? hops : hops.filter((h) => !isPrivateAddress(h.host));
  if (!allowed.length) throw new PrivateMxError(domain, hops.map((h) => h.host));
  return allowed;
}

/** The first next hop for `domain` (see `resolveRoutes`). */
export async function resolveRoute(cfg: RouteConfig, domain: string): Promise<NextHop> {
  return (await resolveRoutes(cfg, domain))[0]!;
}
