// Where to send a user after sign-in, taken from a query parameter: only a path on this
// site. Browsers forgive a lot (WHATWG URL parsing): "\" counts as "/", tabs and newlines
// are dropped, "/./" collapses, so "/.//evil.com", "/\evil.com" or "/\t/evil.com" all become
// the protocol-relative "//evil.com" and leave the site. The value is therefore resolved the
// way a browser would, raw and once percent-decoded (for consumers that decode before use),
// and kept only if both stay on our origin as a path that does not start with "//".
const BASE = 'http://rundbrief.invalid';
const CONTROL_OR_BACKSLASH = /[\u0000-\u001f\u007f\\]/;

function sameSitePath(value: string): string | null {
  if (!value.startsWith('/') || CONTROL_OR_BACKSLASH.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE || url.pathname.startsWith('//')) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

export function safeRedirectPath(value: unknown, fallback = '/app'): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string' || raw.length > 2048) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return fallback;
  }
  const path = sameSitePath(raw);
  return path !== null && sameSitePath(decoded) !== null ? path : fallback;
}
