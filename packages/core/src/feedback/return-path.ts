// Which envelope domains the inbound server takes bounces for: the platform's bounce domain
// and the return path bounces.<d> of every registered sender domain d (campaign mail from a
// domain whose return path checked out carries it as envelope sender, see
// senders/alignment.ts). Whatever the domain, a VERP address still needs our MAC.
import { getDb } from '@rundbrief/db';
import { bounceDomain } from '../links.ts';
import { senderDomainOfReturnPath } from '../senders/records.ts';

const norm = (domain: string) => domain.toLowerCase().replace(/\.$/, '');

/** Shape only, no lookup: the platform's bounce domain or some bounces.<domain>. */
export function isReturnPathShape(domain: string): boolean {
  const d = norm(domain);
  return d === bounceDomain().toLowerCase() || senderDomainOfReturnPath(d) !== null;
}

/**
 * True for the platform's bounce domain and for bounces.<d> of a sender domain some tenant
 * registered (verified or not: its mail may still be bouncing). A platform-level lookup:
 * the domain names no tenant before it is found.
 */
export async function acceptsReturnPath(domain: string): Promise<boolean> {
  const d = norm(domain);
  if (d === bounceDomain().toLowerCase()) return true;
  const sender = senderDomainOfReturnPath(d);
  if (!sender) return false;
  return (await getDb().senderDomain.count({ where: { domain: sender } })) > 0;
}
