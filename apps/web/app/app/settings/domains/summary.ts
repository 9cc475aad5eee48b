// The domain state's words in the reader's language: core's domainState() decides (verified,
// in grace, lost, failing records) and gives an English sentence; the domain and senders pages
// say the same thing through the catalogue (settings.domains.summary.*).
import { getFormatter, getTranslations } from 'next-intl/server';
import type { DomainState } from '@rundbrief/core/senders/index';

const KIND_KEY: Record<string, string> = { 'DKIM-ED25519': 'dkimEd25519', 'RETURN-PATH-SPF': 'returnPathSpf', 'RETURN-PATH-MX': 'returnPathMx', MX: 'mx' };

/** Readers for one request: record kind names, status labels and the summary sentence. */
export async function domainWords() {
  const [t, format] = await Promise.all([getTranslations('settings.domains'), getFormatter()]);
  /** How a record kind is named to people; a kind without a name shows as itself. */
  const kind = (k: string) => (KIND_KEY[k] ? t(`kinds.${KIND_KEY[k]}`) : k);
  const status = (s: 'PASS' | 'FAIL' | 'PENDING') => t('recordStatus', { status: s });
  /** The one sentence about a domain (verifiedAt tells a lost verification from a never-won one). */
  const summary = (s: DomainState, verifiedAt: Date | null) => {
    const failingKinds = s.records.filter((r) => r.required && r.status !== 'PASS').map((r) => kind(r.kind));
    const failing = format.list(failingKinds);
    const count = failingKinds.length;
    if (s.inGrace) {
      return s.failingSince && s.stopsAt
        ? t('summary.grace', { domain: s.domain, since: s.failingSince, failing, count, stopsAt: s.stopsAt })
        : t('summary.graceNoDate', { domain: s.domain, failing, count });
    }
    if (s.verified) {
      const passing = format.list(s.records.filter((r) => r.required).map((r) => kind(r.kind)));
      return passing ? t('summary.verifiedPassing', { domain: s.domain, passing }) : t('summary.verified', { domain: s.domain });
    }
    if (!s.checked) return t('summary.notChecked', { domain: s.domain });
    if (verifiedAt && s.failingSince) return t('summary.lost', { domain: s.domain, failing, count, since: s.failingSince });
    return count ? t('summary.notVerifiedFailing', { domain: s.domain, failing, count }) : t('summary.notVerified', { domain: s.domain });
  };
  return { t, format, kind, status, summary };
}
