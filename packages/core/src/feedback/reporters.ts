// Who may mail the FBL address. Anybody can write an ARF report, so reports are taken only
// from the feedback providers the operator configured in /admin/feedback (PlatformSetting
// fblReporters): by the connecting host's address (an IP or CIDR of the reporter), or by a
// valid DKIM signature whose d= is one of the reporter's domains (or a subdomain of one).
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { cidrContains, parseCidr, parseIp } from '../accounts/ip-allowlist.ts';
import type { FblReporter } from '../platform/settings.ts';
import type { DnsResolve } from '../senders/dns.ts';

export type ReporterMatch = { name: string; via: 'ip' | 'dkim'; evidence: string };

/** The configured reporter whose source addresses contain `ip`, else null. */
export function reporterForIp(reporters: readonly FblReporter[], ip: string): ReporterMatch | null {
  const addr = parseIp(ip);
  if (!addr) return null;
  for (const r of reporters) {
    for (const entry of r.ips) {
      const c = parseCidr(entry);
      if (!('error' in c) && cidrContains(c, addr)) return { name: r.name, via: 'ip', evidence: ip };
    }
  }
  return null;
}

/** Whether a DKIM signature could still admit mail that no reporter's address admits. */
export const dkimCanAdmit = (reporters: readonly FblReporter[]) => reporters.some((r) => r.dkimDomains.length > 0);

const underDomain = (signing: string, configured: string) => signing === configured || signing.endsWith(`.${configured}`);

// A report is small; a slow or silent DNS server must not hold the SMTP session open.
const DKIM_BUDGET_MS = 10_000;

export type DkimVerdict = { match: ReporterMatch } | { match: null; temporary: boolean };

/**
 * Verifies the message's DKIM signatures and returns the reporter whose domain signed it.
 * `temporary` is true when a signature by a configured domain could not be checked (DNS
 * failure, timeout): the sender should retry rather than be refused for good.
 */
export async function reporterForDkim(reporters: readonly FblReporter[], raw: Buffer, resolver?: DnsResolve): Promise<DkimVerdict> {
  if (!dkimCanAdmit(reporters)) return { match: null, temporary: false };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), DKIM_BUDGET_MS); });
  try {
    const res = await Promise.race([dkimVerify(raw, resolver ? { resolver: resolver as never } : {}), timeout]);
    if (!res) return { match: null, temporary: true };
    let temporary = false;
    for (const sig of res.results ?? []) {
      const d = String(sig.signingDomain ?? '').toLowerCase();
      const reporter = reporters.find((r) => r.dkimDomains.some((dom) => underDomain(d, dom.toLowerCase())));
      if (!reporter) continue;
      // A signature with l= that leaves part of the body unsigned would let anyone append a report.
      const unsignedTail = Number((sig.status as { underSized?: number } | undefined)?.underSized ?? 0) > 0;
      if (sig.status?.result === 'pass' && !unsignedTail) return { match: { name: reporter.name, via: 'dkim', evidence: `d=${d}` } };
      if (sig.status?.result === 'temperror') temporary = true;
    }
    return { match: null, temporary };
  } finally {
    clearTimeout(timer);
  }
}
