// VERP return-path: the envelope sender of each campaign mail names its Message, so an
// asynchronous bounce (DSN) sent to it identifies the message without parsing the body.
// Form: b-<messageId without dashes>-<8 char HMAC>@<bounce domain>. The MAC stops forged
// bounces from suppressing arbitrary subscribers.
import { createHmac } from 'node:crypto';
import { appSecretKey } from '../crypto.ts';
import { bounceDomain } from '../links.ts';

function tag(id: string): string {
  return createHmac('sha256', appSecretKey()).update(`verp\n${id}`).digest('hex').slice(0, 8);
}

export function verpAddress(messageId: string, domain = bounceDomain()): string {
  const compact = messageId.replace(/-/g, '').toLowerCase();
  return `b-${compact}-${tag(compact)}@${domain}`;
}

/** Returns the Message.id named by a VERP address, or null if it is not one of ours. */
export function parseVerp(address: string): string | null {
  const m = /^b-([0-9a-f]{32})-([0-9a-f]{8})@/i.exec(address.trim());
  if (!m) return null;
  const compact = m[1]!.toLowerCase();
  if (tag(compact) !== m[2]!.toLowerCase()) return null;
  return `${compact.slice(0, 8)}-${compact.slice(8, 12)}-${compact.slice(12, 16)}-${compact.slice(16, 20)}-${compact.slice(20)}`;
}
