// The client's address as the app sees it. `next start` fills X-Forwarded-For with the
// socket address only when the request has none, so the first entry is the peer address
// unless a client sent the header itself: deployments must run behind a proxy that
// overwrites X-Forwarded-For (the tenant's trustForwardedFor setting decides whether the
// allowlist honours it).
type HeaderSource = Headers | Record<string, string | string[] | undefined>;

export function clientIp(headers: HeaderSource): string {
  const raw = headers instanceof Headers ? headers.get('x-forwarded-for') : headers['x-forwarded-for'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  const first = value?.split(',')[0]?.trim();
  if (!first) return '0.0.0.0';
  // IPv4-mapped IPv6 (::ffff:127.0.0.1) is the same host as its IPv4 form.
  return first.startsWith('::ffff:') && first.includes('.') ? first.slice(7) : first;
}
