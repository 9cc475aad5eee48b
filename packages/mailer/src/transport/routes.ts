// Where a recipient domain's mail goes next: a relay (smarthost) for every domain, or the
// domain's MX hosts (lowest preference first) from a configurable resolver. A static route
// table overrides both (tests, and operators pinning a domain to a host).
import { Resolver } from 'node:dns/promises';

export type NextHop = { host: string; port: number; secure: boolean; auth?: { user: string; pass: string } };

export type RouteConfig = {
  mode: 'relay' | 'mx';
  /** smtp://user:pass@host:port or smtps://... (relay mode). */
  relayUrl: string;
  /** domain -> host:port; "*" matches every domain. */
  staticRoutes: Record<string, { host: string; port: number }>;
  /** host:port of the DNS server for MX lookups; empty: the system resolver. */
  dnsResolver?: string;
};

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

const mxCache = new Map<string, { hop: NextHop; until: number }>();
let resolver: Resolver | undefined;

export async function resolveRoute(cfg: RouteConfig, domain: string): Promise<NextHop> {
  const pinned = cfg.staticRoutes[domain] ?? cfg.staticRoutes['*'];
  if (pinned) return { ...pinned, secure: false };
  if (cfg.mode === 'relay') return parseRelayUrl(cfg.relayUrl);
  const cached = mxCache.get(domain);
  if (cached && cached.until > Date.now()) return cached.hop;
  if (!resolver) {
    resolver = new Resolver({ timeout: 3000, tries: 2 });
    if (cfg.dnsResolver) resolver.setServers([cfg.dnsResolver]);
  }
  let host = domain;
  try {
    const mx = await resolver.resolveMx(domain);
    // RFC 7505 null MX: the domain accepts no mail.
    if (mx.length === 1 && mx[0]!.exchange === '') throw new Error(`${domain} accepts no mail (null MX)`);
    mx.sort((a, b) => a.priority - b.priority);
    if (mx[0]) host = mx[0].exchange;
  } catch (err) {
    // RFC 5321 §5.1: without MX records the domain itself (A/AAAA) is the implicit MX.
    if ((err as { code?: string }).code !== 'ENODATA') throw err;
  }
  const hop = { host, port: 25, secure: false };
  mxCache.set(domain, { hop, until: Date.now() + 300_000 });
  return hop;
}
