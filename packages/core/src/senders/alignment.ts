// How a campaign's mail is authenticated, and whether that aligns for DMARC (RFC 7489 §3.1).
// The worker decides the envelope domain and the DKIM keys from the domain's stored check
// results (sendAuthFor) and records them on the campaign; the report reads them back
// (dmarcAlignment). Both are pure: the same stored state always gives the same answer.
import { getDomain } from 'tldts';
import { z } from 'zod';
import { bounceDomain } from '../links.ts';
import { returnPathDomain } from './records.ts';

type Status = string; // PENDING | PASS | FAIL, as stored

export type SendAuthDomain = {
  domain: string;
  dkimSelector: string;
  dkimStatus: Status;
  ed25519Selector: string | null;
  ed25519PrivateKeyEnc: string | null;
  ed25519Status: Status;
  /** SPF at the return path bounces.<domain> */
  spfStatus: Status;
  /** MX at the return path bounces.<domain> */
  mxStatus: Status;
};

/** Stored on Campaign.sendAuth (JSON): parsed again when read. */
export const sendAuthSchema = z.object({
  fromDomain: z.string(),
  envelopeDomain: z.string(),
  /** SPF verdict for envelopeDomain when the check last ran; the platform's own bounce domain is the operator's and counted as passing. */
  spfStatus: z.string(),
  dkim: z.array(z.object({ domain: z.string(), selector: z.string(), algorithm: z.enum(['rsa-sha256', 'ed25519-sha256']), status: z.string() })),
});
export type SendAuth = z.infer<typeof sendAuthSchema>;

/**
 * The envelope sender domain for mail from `d`: its return path once both the MX (bounces
 * reach us) and the SPF record (receivers can pass it) checked out; until then the platform's
 * bounce domain, so a return path that is not set up never costs a bounce or an SPF fail,
 * only SPF alignment (DMARC still passes on the aligned DKIM signature).
 */
export function envelopeDomainFor(d: Pick<SendAuthDomain, 'domain' | 'spfStatus' | 'mxStatus'>): string {
  return d.spfStatus === 'PASS' && d.mxStatus === 'PASS' ? returnPathDomain(d.domain) : bounceDomain();
}

/** Ed25519 signs only once its record passed: a signature receivers cannot verify is noise. */
export const signsWithEd25519 = (d: Pick<SendAuthDomain, 'ed25519Selector' | 'ed25519PrivateKeyEnc' | 'ed25519Status'>) =>
  !!d.ed25519Selector && !!d.ed25519PrivateKeyEnc && d.ed25519Status === 'PASS';

export function sendAuthFor(d: SendAuthDomain): SendAuth {
  const envelopeDomain = envelopeDomainFor(d);
  return {
    fromDomain: d.domain,
    envelopeDomain,
    spfStatus: envelopeDomain === bounceDomain() ? 'PASS' : d.spfStatus,
    dkim: [
      // RSA first: receivers without Ed25519 support (most, in 2026) verify this one.
      { domain: d.domain, selector: d.dkimSelector, algorithm: 'rsa-sha256', status: d.dkimStatus },
      ...(signsWithEd25519(d) ? [{ domain: d.domain, selector: d.ed25519Selector!, algorithm: 'ed25519-sha256' as const, status: d.ed25519Status }] : []),
    ],
  };
}

/** Organizational domain by the Public Suffix List (RFC 7489 §3.2), private suffixes included as mailauth does. */
export function organizationalDomain(domain: string): string {
  const d = domain.toLowerCase().replace(/\.$/, '');
  return getDomain(d, { allowIcannDomains: true, allowPrivateDomains: true }) ?? d;
}

export type Alignment = {
  fromDomain: string;
  dkim: { aligned: boolean; pass: boolean; signatures: { domain: string; algorithm: string; pass: boolean }[] };
  spf: { aligned: boolean; pass: boolean; envelopeDomain: string };
  /** DMARC passes when an aligned identifier also passes (RFC 7489 §4.2). */
  dmarcPass: boolean;
};

/** Relaxed alignment (adkim=r, aspf=r: what our DMARC record publishes). */
export function dmarcAlignment(auth: SendAuth): Alignment {
  const org = organizationalDomain(auth.fromDomain);
  const signatures = auth.dkim.map((s) => ({ domain: s.domain, algorithm: s.algorithm, pass: s.status === 'PASS', aligned: organizationalDomain(s.domain) === org }));
  const dkimAligned = signatures.some((s) => s.aligned);
  const dkimPass = signatures.some((s) => s.aligned && s.pass);
  const spfAligned = organizationalDomain(auth.envelopeDomain) === org;
  const spfPass = auth.spfStatus === 'PASS';
  return {
    fromDomain: auth.fromDomain,
    dkim: { aligned: dkimAligned, pass: dkimPass, signatures: signatures.map(({ domain, algorithm, pass }) => ({ domain, algorithm, pass })) },
    spf: { aligned: spfAligned, pass: spfPass, envelopeDomain: auth.envelopeDomain },
    dmarcPass: dkimPass || (spfAligned && spfPass),
  };
}
