// The DNS records a tenant publishes for a sender domain. One function builds them, so
// the page that shows them and the check that verifies them can never disagree.
import { bounceDomain } from '../links.ts';

export type RecordKind = 'DKIM' | 'SPF' | 'DMARC' | 'MX';

export type DnsRecordSpec = { kind: RecordKind; type: 'TXT' | 'MX'; name: string; value: string; priority?: number };

/** Envelope sender (Return-Path) host under the tenant's domain: aligns SPF for DMARC. */
export const returnPathDomain = (domain: string) => `bounces.${domain}`;

export const dkimRecordName = (selector: string, domain: string) => `${selector}._domainkey.${domain}`;

export function spfMechanisms(ips: readonly string[]): string[] {
  return ips.map((ip) => (ip.includes(':') ? `ip6:${ip}` : `ip4:${ip}`));
}

export function expectedRecords(d: { domain: string; dkimSelector: string; dkimPublicKey: string }, sendingIps: readonly string[]): DnsRecordSpec[] {
  return [
    { kind: 'DKIM', type: 'TXT', name: dkimRecordName(d.dkimSelector, d.domain), value: `v=DKIM1; k=rsa; p=${d.dkimPublicKey}` },
    // ~all (softfail), not -all: a tenant that also sends from elsewhere must not get those
    // mails rejected the moment it publishes the record; DMARC does the enforcing.
    { kind: 'SPF', type: 'TXT', name: d.domain, value: ['v=spf1', ...spfMechanisms(sendingIps), '~all'].join(' ') },
    // p=none starts in monitoring mode (M3AAWG); reports go to the tenant.
    { kind: 'DMARC', type: 'TXT', name: `_dmarc.${d.domain}`, value: `v=DMARC1; p=none; rua=mailto:dmarc-reports@${d.domain}; adkim=r; aspf=r` },
    { kind: 'MX', type: 'MX', name: returnPathDomain(d.domain), value: bounceDomain(), priority: 10 },
  ];
}
