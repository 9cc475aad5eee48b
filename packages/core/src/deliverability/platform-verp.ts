// VERP return-path of platform mail (invitations, resets, opt-in mail, test sends): the
// envelope sender names the PlatformMail row, so a DSN sent back to it is recorded against
// that mail. Form: p-<PlatformMail.id without dashes>-<8 char HMAC>@<bounce domain>. The MAC
// has its own purpose string (not the campaign VERP's), so neither address can be turned
// into the other, and nobody can forge a bounce that suppresses an arbitrary address.
import { createHmac } from 'node:crypto';
import { coreEnv } from '../env.ts';
import { bounceDomain } from '../links.ts';

function tag(id: string): string {
  return createHmac('sha256', coreEnv().APP_SECRET).update(`platform-verp\n${id}`).digest('hex').slice(0, 8);
}

export function platformVerpAddress(platformMailId: string, domain = bounceDomain()): string {
  const compact = platformMailId.replace(/-/g, '').toLowerCase();
  return `p-${compact}-${tag(compact)}@${domain}`;
}

/** The PlatformMail.id named by a platform VERP address, or null if it is not one we signed. */
export function parsePlatformVerp(address: string): string | null {
  const m = /^p-([0-9a-f]{32})-([0-9a-f]{8})@/i.exec(address.trim());
  if (!m) return null;
  const compact = m[1]!.toLowerCase();
  if (tag(compact) !== m[2]!.toLowerCase()) return null;
  return `${compact.slice(0, 8)}-${compact.slice(8, 12)}-${compact.slice(12, 16)}-${compact.slice(16, 20)}-${compact.slice(20)}`;
}
