// The client's address. apps/web/server.mjs stamps every request with x-rundbrief-peer:
// "<TCP peer> <HMAC>", keyed with a random secret it creates at start and hands to the app
// in RUNDBRIEF_PEER_KEY (same process). A client-sent header is overwritten there; under any
// other server (plain `next start`) there is no key, the header is ignored and the client is
// unknown. X-Forwarded-For counts only when the peer is one of the operator's trusted
// proxies (core clientIpOf): Next.js keeps a client-sent one as is.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { clientIpOf } from '@rundbrief/core';

export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

export const PEER_HEADER = 'x-rundbrief-peer';

function get(headers: HeaderSource, name: string): string | undefined {
  const raw = headers instanceof Headers ? headers.get(name) : headers[name];
  return (Array.isArray(raw) ? raw.join(', ') : raw) ?? undefined;
}

const mac = (key: string, ip: string) => createHmac('sha256', key).update(ip).digest('base64url');

/** The header value server.mjs sets for a peer (tests use it to stand in for the socket). */
export function peerHeaderValue(ip: string, key = process.env.RUNDBRIEF_PEER_KEY ?? ''): string {
  return `${ip} ${mac(key, ip)}`;
}

/** The TCP peer as server.mjs vouched for it, or null. */
export function peerAddress(headers: HeaderSource): string | null {
  const key = process.env.RUNDBRIEF_PEER_KEY;
  const [ip, given] = (get(headers, PEER_HEADER) ?? '').trim().split(' ');
  if (!key || !ip || !given) return null;
  const want = Buffer.from(mac(key, ip));
  const got = Buffer.from(given);
  return want.length === got.length && timingSafeEqual(want, got) ? ip : null;
}

/** The client's address for the IP allowlist: null when unknown, which no allowlist admits. */
export function requestIp(headers: HeaderSource): Promise<string | null> {
  return clientIpOf({ peer: peerAddress(headers), forwardedFor: get(headers, 'x-forwarded-for') });
}

/** For rate limits, consent proof and the audit log: the client's address, 0.0.0.0 when unknown. */
export async function clientIp(headers: HeaderSource): Promise<string> {
  return (await requestIp(headers)) ?? '0.0.0.0';
}
