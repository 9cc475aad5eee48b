// The Message-ID header of campaign mail: `<compact id>.<MAC>@<from domain>`. Feedback-loop
// reports quote the original's Message-ID, and anybody can write an ARF report; only the
// MAC (64 bits of HMAC-SHA256 under a key derived from APP_SECRET) makes a quoted
// Message-ID proof that we sent that message, so a report can name no message but the one
// whose mail the reporter actually holds.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { coreEnv } from '../env.ts';

let key: { secret: string; value: Buffer } | undefined;

/** A key of its own, so a MAC made here can never be replayed as a VERP tag or link token. */
function macKey(): Buffer {
  const secret = coreEnv().APP_SECRET;
  if (key?.secret !== secret) key = { secret, value: createHmac('sha256', secret).update('rundbrief/message-id/v1').digest() };
  return key.value;
}

const mac = (compact: string) => createHmac('sha256', macKey()).update(compact).digest().subarray(0, 8);

const compactOf = (id: string) => id.replace(/-/g, '').toLowerCase();

/** The header value without angle brackets (as stored in Message.messageId). */
export function makeMessageId(id: string, domain: string): string {
  const compact = compactOf(id);
  if (!/^[0-9a-f]{32}$/.test(compact)) throw new Error('makeMessageId: not a UUID');
  return `${compact}.${mac(compact).toString('hex')}@${domain.toLowerCase()}`;
}

/**
 * Returns the Message.id a quoted Message-ID names when it carries our MAC, else null.
 * Accepts the value with or without angle brackets and in any case (some reporters
 * upper-case headers); the domain is not checked (a tenant's From domain may change).
 */
export function verifyMessageId(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = /^<?\s*([0-9a-f]{32})\.([0-9a-f]{16})@[^>\s]+\s*>?$/i.exec(value.trim());
  if (!m) return null;
  const compact = m[1]!.toLowerCase();
  if (!timingSafeEqual(mac(compact), Buffer.from(m[2]!, 'hex'))) return null;
  return `${compact.slice(0, 8)}-${compact.slice(8, 12)}-${compact.slice(12, 16)}-${compact.slice(16, 20)}-${compact.slice(20)}`;
}
