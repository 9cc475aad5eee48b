// Likely machine opens and clicks. They are still recorded (Event.machine = true) but left
// out of the human open / click rates and of Subscriber.lastActivityAt, which the sunset
// rule relies on: an Apple-proxied "open" of every mail would otherwise keep inactive
// addresses on the list forever.

export type MachineReason =
  | 'head-request'
  | 'apple-privacy-proxy'
  | 'no-user-agent'
  | 'scanner-user-agent'
  | 'click-right-after-delivery';

/** Security gateways (Defender Safe Links, Mimecast, Proofpoint, Barracuda) follow every
 * link within seconds of delivery; nobody reads a mail and clicks that fast. */
export const SCANNER_CLICK_WINDOW_MS = 10_000;

// Apple owns 17.0.0.0/8; Mail Privacy Protection prefetches images from there.
const APPLE_V4 = /^(?:::ffff:)?17\.\d{1,3}\.\d{1,3}\.\d{1,3}$/i;
// Apple's IPv6 allocations used by its proxies: 2620:149::/32 and 2403:300::/32.
const APPLE_V6 = /^(?:2620:0?149|2403:0?300):/i;

const SCANNER_UA =
  /bot\b|spider|crawler|curl\/|wget\/|python-requests|python-urllib|aiohttp|go-http-client|java\/|okhttp|libwww|httpclient|headlesschrome|phantomjs|barracuda|mimecast|proofpoint|symantec|forcepoint|trendmicro|fireeye|urldefense|safelinks|cisco|sophos/i;

export type TrackingHit = {
  type: 'OPEN' | 'CLICK';
  method: string;
  ua: string | null;
  ip: string | null;
  at: Date;
  /** When the message was handed to the receiving server (Message.sentAt). */
  sentAt: Date | null;
};

export function machineReason(hit: TrackingHit): MachineReason | null {
  // Link checkers probe with HEAD; browsers and mail clients always GET.
  if (hit.method.toUpperCase() === 'HEAD') return 'head-request';
  const ip = (hit.ip ?? '').trim();
  const ua = (hit.ua ?? '').trim();
  if (APPLE_V4.test(ip) || APPLE_V6.test(ip)) return 'apple-privacy-proxy';
  // MPP fetches with a bare "Mozilla/5.0" and no platform tokens, whatever the address.
  if (ua === 'Mozilla/5.0') return 'apple-privacy-proxy';
  if (!ua) return 'no-user-agent';
  if (SCANNER_UA.test(ua)) return 'scanner-user-agent';
  if (hit.type === 'CLICK' && hit.sentAt && hit.at.getTime() - hit.sentAt.getTime() < SCANNER_CLICK_WINDOW_MS) {
    return 'click-right-after-delivery';
  }
  return null;
}
