// Tenant IP allowlist: IPv4 and IPv6 CIDRs, each with a comment. Parsed into 32/128-bit
// integers so prefix matching is exact for every prefix length, /0 and /32 (/128) included.
// IPv4-mapped IPv6 addresses (::ffff:10.1.2.3, what dual-stack sockets report) are matched
// as the IPv4 address they carry.
import { isIP } from 'node:net';
import { z } from 'zod';
import { zodText } from '../texts.ts';

type Parsed = { family: 4 | 6; value: bigint };
export type AllowlistEntry = { cidr: string; comment: string };

function parseV4(s: string): bigint | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    v = (v << 8n) | BigInt(Number(p));
  }
  return v;
}

function parseV6(s: string): bigint | null {
  let groups: string[];
  let tail: bigint | null = null;
  let addr = s;
  const lastColon = addr.lastIndexOf(':');
  if (addr.slice(lastColon + 1).includes('.')) {
    tail = parseV4(addr.slice(lastColon + 1));
    if (tail === null) return null;
    addr = `${addr.slice(0, lastColon + 1)}0:0`;
  }
  const halves = addr.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  if (halves.length === 2) groups = [...head, ...Array(8 - head.length - rest.length).fill('0'), ...rest];
  else groups = head;
  if (groups.length !== 8) return null;
  let v = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  if (tail !== null) v = (v & ~0xffffffffn) | tail;
  return v;
}

const MAPPED_PREFIX = 0xffffn << 32n;

/** Parses an IPv4 or IPv6 address (zone id and brackets stripped); mapped IPv4 becomes IPv4. */
export function parseIp(raw: string): Parsed | null {
  const s = raw.trim().replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const fam = isIP(s);
  if (fam === 4) return { family: 4, value: parseV4(s)! };
  if (fam === 6) {
    const v = parseV6(s);
    if (v === null) return null;
    if (v >> 32n === 0xffffn && (v & ~0xffffffffn) === MAPPED_PREFIX) return { family: 4, value: v & 0xffffffffn };
    return { family: 6, value: v };
  }
  return null;
}

export type ParsedCidr = { family: 4 | 6; network: bigint; prefix: number };

/** Parses "a.b.c.d/n", "x::/n" or a bare address (a /32 or /128). Returns an error message on failure. */
export function parseCidr(raw: string): ParsedCidr | { error: string } {
  const [addr = '', prefixText, extra] = raw.trim().split('/');
  if (extra !== undefined) return { error: `"${raw}" is not a CIDR (too many "/")` };
  const s = addr.replace(/%.*$/, '');
  const fam = isIP(s);
  if (fam === 0) return { error: `"${addr}" is not an IPv4 or IPv6 address` };
  const bits = fam === 4 ? 32 : 128;
  const value = fam === 4 ? parseV4(s)! : parseV6(s)!;
  let prefix = bits;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
      return { error: `"${raw}": the prefix length must be 0-${bits}` };
    }
    prefix = Number(prefixText);
  }
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  if ((value & hostMask) !== 0n) {
    // "10.0.0.5/8" is almost always a typo; say what the network would be instead of guessing.
    return { error: `"${raw}" has host bits set; the network is ${formatNetwork(fam, value & ~hostMask)}/${prefix}` };
  }
  return { family: fam as 4 | 6, network: value, prefix };
}

function formatNetwork(fam: number, v: bigint): string {
  if (fam === 4) return [24n, 16n, 8n, 0n].map((s) => ((v >> s) & 255n).toString()).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((v >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  // RFC 5952: compress the longest run (2+) of zero groups.
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.len < 2) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}

export function cidrContains(c: ParsedCidr, ip: Parsed): boolean {
  if (c.family !== ip.family) return false;
  const shift = BigInt((c.family === 4 ? 32 : 128) - c.prefix);
  return ip.value >> shift === c.network >> shift;
}

/** An empty list allows everyone; otherwise the IP must fall inside one entry. Unparseable IPs are refused. */
export function isIpAllowed(list: readonly AllowlistEntry[], ip: string | null | undefined): boolean {
  if (list.length === 0) return true;
  const parsed = ip ? parseIp(ip) : null;
  if (!parsed) return false;
  return list.some((e) => {
    const c = parseCidr(e.cidr);
    return !('error' in c) && cidrContains(c, parsed);
  });
}

export const allowlistEntrySchema = z.object({
  cidr: z.string().trim().min(1, zodText('accounts.allowlistEntry', 'Enter an address or CIDR')).superRefine((v, ctx) => {
    const c = parseCidr(v);
    if ('error' in c) ctx.addIssue({ code: 'custom', message: c.error });
  }),
  comment: z.string().trim().max(200).default(''),
});
export const allowlistSchema = z.array(allowlistEntrySchema).max(500);

/** The operator's reverse proxies whose X-Forwarded-For is believed (platform setting). */
export const trustedProxiesSchema = z.array(allowlistEntrySchema.shape.cidr).max(100);

/** Reads the stored JSON leniently: rows that no longer parse are dropped rather than crash a request. */
export function readAllowlist(json: unknown): AllowlistEntry[] {
  const r = z.array(z.object({ cidr: z.string(), comment: z.string().default('') })).safeParse(json);
  return r.success ? r.data : [];
}

/** Where a request came from: the TCP peer as the web server saw it, and X-Forwarded-For as sent. */
export type RequestOrigin = { peer: string | null; forwardedFor?: string | null };

function inAny(cidrs: readonly ParsedCidr[], ip: Parsed): boolean {
  return cidrs.some((c) => cidrContains(c, ip));
}

/**
 * The client IP used for allowlist checks, rate limits and audit entries. X-Forwarded-For is
 * only believed when the TCP peer is one of the operator's trusted proxies; then it is read
 * from the right, skipping further trusted proxies, and the first other hop is the client
 * (entries to its left were written by the client and can be forged). A hop that is not an
 * address makes the client unknown (null), which no allowlist admits.
 */
export function resolveClientIp(origin: RequestOrigin, trustedProxies: readonly string[]): string | null {
  const peer = origin.peer ? parseIp(origin.peer) : null;
  if (!peer) return null;
  const proxies = trustedProxies.map(parseCidr).filter((c): c is ParsedCidr => !('error' in c));
  if (!inAny(proxies, peer)) return formatIp(peer);
  const hops = (origin.forwardedFor ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = parseIp(hops[i]!);
    if (!hop) return null;
    client = hop;
    if (!inAny(proxies, hop)) break;
  }
  return formatIp(client);
}

function formatIp(ip: Parsed): string {
  return formatNetwork(ip.family, ip.value);
}
