// The DNS records a tenant publishes for a sender domain. One function builds them, so
// the page that shows them and the check that verifies them can never disagree.
import { bounceDomain } from '../links.ts';

/**
 * DKIM-ED25519 exists only on domains holding an Ed25519 key. There is no SPF record at the
 * apex: receivers evaluate SPF for the envelope sender (MAIL FROM, RFC 7208 §2.4) and HELO,
 * and our envelope sender is bounces.<domain> (or the platform's bounce domain), never the
 * apex. An apex record naming the platform's IPs would authorise nothing our mail uses and
 * only widen who may send as the apex; a tenant's own apex SPF for its other mail is its own.
 */
export type RecordKind = 'DKIM' | 'DKIM-ED25519' | 'RETURN-PATH-MX' | 'RETURN-PATH-SPF' | 'DMARC';

export type DnsRecordSpec = {
  kind: RecordKind;
  type: 'TXT' | 'MX';
  name: string;
  value: string;
  priority?: number;
  /** Whether the domain's verification waits for this record (see checkSenderDomain). */
  required: boolean;
};

/** Envelope sender (Return-Path) host under the tenant's domain: aligns SPF for DMARC. */
export const returnPathDomain = (domain: string) => `bounces.${domain}`;
/** The sender domain a return-path host belongs to (its inverse), null for other hosts. */
export const senderDomainOfReturnPath = (host: string) => (/^bounces\.[^.]+\.[^.]/.test(host) ? host.slice('bounces.'.length) : null);

export const dkimRecordName = (selector: string, domain: string) => `${selector}._domainkey.${domain}`;

export function spfMechanisms(ips: readonly string[]): string[] {
  return ips.map((ip) => (ip.includes(':') ? `ip6:${ip}` : `ip4:${ip}`));
}

/** An SPF record authorising exactly the platform's sending IPs (-all: see RETURN-PATH-SPF). */
export const spfRecordValue = (ips: readonly string[]) => ['v=spf1', ...spfMechanisms(ips), '-all'].join(' ');

export type RecordsInput = {
  domain: string;
  dkimSelector: string;
  dkimPublicKey: string;
  ed25519Selector?: string | null;
  /** base64 of the raw 32-byte public key (RFC 8463 §4.2), not SPKI. */
  ed25519PublicKey?: string | null;
};

export function expectedRecords(d: RecordsInput, sendingIps: readonly string[]): DnsRecordSpec[] {
  const rp = returnPathDomain(d.domain);
  return [
    { kind: 'DKIM', type: 'TXT', name: dkimRecordName(d.dkimSelector, d.domain), value: `v=DKIM1; k=rsa; p=${d.dkimPublicKey}`, required: true },
    // Optional: receivers that do not know Ed25519 ignore its signature and verify the RSA one.
    ...(d.ed25519Selector && d.ed25519PublicKey
      ? [{ kind: 'DKIM-ED25519' as const, type: 'TXT' as const, name: dkimRecordName(d.ed25519Selector, d.domain), value: `v=DKIM1; k=ed25519; p=${d.ed25519PublicKey}`, required: false }]
      : []),
    // Bounces sent to the envelope sender reach our inbound server through this MX.
    { kind: 'RETURN-PATH-MX', type: 'MX', name: rp, value: bounceDomain(), priority: 10, required: true },
    // -all, not ~all: nothing but the platform sends with this envelope domain, so a mail
    // from anywhere else claiming it is forged.
    { kind: 'RETURN-PATH-SPF', type: 'TXT', name: rp, value: spfRecordValue(sendingIps), required: true },
    // p=none starts in monitoring mode (M3AAWG); reports go to the tenant.
    { kind: 'DMARC', type: 'TXT', name: `_dmarc.${d.domain}`, value: `v=DMARC1; p=none; rua=mailto:dmarc-reports@${d.domain}; adkim=r; aspf=r`, required: false },
  ];
}
