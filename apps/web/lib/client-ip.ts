// The client's address. Under apps/web/server.mjs (production, `npm start`, e2e) the
// x-rundbrief-peer header is the TCP peer, set by our server and never taken from the
// client. Under `next dev` / plain `next start` there is no such header and the first
// X-Forwarded-For entry is used: Next fills it from the socket only when the client sent
// none, so those modes must not face untrusted clients.
type HeaderSource = Headers | Record<string, string | string[] | undefined>;

export const PEER_HEADER = 'x-rundbrief-peer';

function get(headers: HeaderSource, name: string): string | undefined {
  const raw = headers instanceof Headers ? headers.get(name) : headers[name];
  return (Array.isArray(raw) ? raw[0] : raw) ?? undefined;
}

/** IPv4-mapped IPv6 (::ffff:127.0.0.1) is the same host as its IPv4 form. */
function normalise(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

export function clientIp(headers: HeaderSource): string {
  const peer = get(headers, PEER_HEADER)?.trim();
  if (peer) return normalise(peer);
  const first = get(headers, 'x-forwarded-for')?.split(',')[0]?.trim();
  return first ? normalise(first) : '0.0.0.0';
}
