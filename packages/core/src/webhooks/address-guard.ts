// The address guard of outgoing webhook requests (SSRF): a tenant names the URL, so without
// it a webhook could reach the platform's own services (Postgres, Redis, the cloud metadata
// endpoint) or anything on the private network. Every address a host name resolves to is
// checked AFTER resolution, and the connection goes to exactly the address that was checked
// (a pinned lookup), so a DNS answer that changes between check and connect (rebinding)
// cannot swap it; every redirect hop is checked again the same way.
import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';

const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network", 0.0.0.0 (unspecified)
  ['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], // RFC 1918
  ['100.64.0.0', 10], // CGNAT (RFC 6598)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, incl. the metadata address 169.254.169.254
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], // special / documentation / benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, incl. broadcast 255.255.255.255
] as const) blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b::', 96], // NAT64: reaches IPv4 behind a translator
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local (ULA), incl. the metadata address fd00:ec2::254
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) blocked.addSubnet(net, bits, 'ipv6');

/** Why `ip` may not be reached, or null when it may. */
export function forbiddenAddress(ip: string): string | null {
  const family = isIP(ip);
  if (family === 0) return 'not an IP address';
  const why = `${ip} is a loopback, private, link-local, metadata or reserved address`;
  if (family === 6) {
    // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) addresses: a receiver never
    // needs one and they can hide any IPv4 address. (BlockList itself checks IPv4 addresses
    // against IPv6 rules through that mapping, so the range cannot be listed there.)
    const norm = new URL(`http://[${ip}]/`).hostname;
    if (/^\[::(ffff:)?[0-9a-f]{1,4}:[0-9a-f]{1,4}\]$/.test(norm)) return why;
  }
  return blocked.check(ip, family === 4 ? 'ipv4' : 'ipv6') ? why : null;
}

export class AddressRefused extends Error {}

export type GuardOptions = { allowHosts: readonly string[] };

/** Resolves `host` and checks every address; returns the one to connect to. */
export async function resolveChecked(host: string, opts: GuardOptions): Promise<{ address: string; family: 4 | 6 }> {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  const literal = isIP(bare);
  const answers = literal ? [{ address: bare, family: literal }] : await lookup(bare, { all: true, verbatim: true }).catch((err: NodeJS.ErrnoException) => {
    throw new AddressRefused(`${bare} does not resolve (${err.code ?? err.message})`);
  });
  if (answers.length === 0) throw new AddressRefused(`${bare} does not resolve`);
  const allowed = (ip: string) => opts.allowHosts.includes(ip) || opts.allowHosts.includes(bare);
  // Every answer must pass: otherwise a name with one public and one private record could
  // still reach the private one on a later resolution.
  for (const a of answers) {
    const why = forbiddenAddress(a.address);
    if (why && !allowed(a.address)) throw new AddressRefused(literal ? why : `${bare} resolves to ${why}`);
  }
  const a = answers[0]!;
  return { address: a.address, family: a.family === 6 ? 6 : 4 };
}

export type GuardedResponse = { status: number; body: string; url: string };

const MAX_BODY = 64 * 1024;

/**
 * POSTs `body` to `url` through the guard. Redirects: only 307/308 (which keep the method and
 * body) are followed, at most `maxRedirects`, each target checked again; any other 3xx is
 * returned as the answer. `timeoutMs` bounds the whole exchange including redirects.
 */
export async function guardedPost(url: string, init: { headers: Record<string, string>; body: string; timeoutMs: number; maxRedirects?: number } & GuardOptions): Promise<GuardedResponse> {
  const signal = AbortSignal.timeout(init.timeoutMs);
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    if (current.protocol !== 'https:' && current.protocol !== 'http:') throw new AddressRefused(`${current.protocol} URLs are not allowed`);
    if (current.username || current.password) throw new AddressRefused('URLs with credentials are not allowed');
    const target = await resolveChecked(current.hostname, init);
    const res = await postOnce(current, target, init.headers, init.body, signal);
    const location = res.location;
    if ((res.status === 307 || res.status === 308) && location) {
      if (hop >= (init.maxRedirects ?? 3)) throw new AddressRefused(`Too many redirects (more than ${init.maxRedirects ?? 3})`);
      current = new URL(location, current);
      continue;
    }
    return { status: res.status, body: res.body, url: current.toString() };
  }
}

function postOnce(url: URL, target: { address: string; family: 4 | 6 }, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<{ status: number; body: string; location?: string }> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    // The pinned lookup: whatever name the socket asks for, it gets the address we checked.
    const pinned = (_host: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) =>
      opts?.all ? cb(null, [{ address: target.address, family: target.family }]) : cb(null, target.address, target.family);
    const req = mod.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Rundbrief-Webhooks/1' },
      lookup: pinned as never,
      agent: false,
      signal,
      ...(isIP(url.hostname.replace(/^\[|\]$/g, '')) ? {} : { servername: url.hostname }),
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < MAX_BODY) chunks.push(c);
        size += c.length;
        if (size >= MAX_BODY) res.destroy();
      });
      const done = () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), location: typeof res.headers.location === 'string' ? res.headers.location : undefined });
      res.on('end', done);
      res.on('close', done);
      res.on('error', reject);
    });
    req.on('error', (err) => reject(signal.aborted ? Object.assign(new Error('Timed out'), { name: 'TimeoutError' }) : err));
    req.end(body);
  });
}
