// One reading of a sender domain's state, used by every place that talks about it (domain
// page, senders page, pre-send checklist), so no two of them can disagree: the checklist
// used to say "verified (DKIM and SPF pass)" next to "DKIM and SPF failed the last DNS
// check" because one item read verifiedAt and the other the status columns.
import type { RecordCheck } from './domains.ts';
import { VERIFICATION_GRACE_MS } from './verify.ts';

/** Kinds that gate verification when a record spec does not say (`required`). */
const REQUIRED_WHEN_UNSAID = new Set(['DKIM', 'SPF']);

export type StateRecordInput = RecordCheck & { kind: string; required?: boolean };

export type DomainStateInput = {
  domain: string;
  verifiedAt: Date | null;
  lastCheckedAt: Date | null;
  failingSince: Date | null;
  records: readonly StateRecordInput[];
};

export type RecordState = { kind: string; required: boolean; status: RecordCheck['status']; label: 'Pass' | 'Failing' | 'Not checked yet'; problem: string | null; found: string[] };

export type DomainState = {
  domain: string;
  /** May send now: verified and, if failing, still inside the grace period. */
  verified: boolean;
  /** Verified, but a required record fails: sending continues until `stopsAt`. */
  inGrace: boolean;
  failingSince: Date | null;
  stopsAt: Date | null;
  checked: boolean;
  /** Required records that do not pass ("DKIM and SPF"), '' when none. */
  failing: string;
  records: RecordState[];
  /** Any record not passing yet: the domain page keeps re-checking. */
  pending: boolean;
  /** The one sentence every page shows. */
  summary: string;
};

const LABEL = { PASS: 'Pass', FAIL: 'Failing', PENDING: 'Not checked yet' } as const;

const KIND_LABEL: Record<string, string> = {
  'DKIM-ED25519': 'DKIM (Ed25519)',
  'RETURN-PATH-SPF': 'SPF (return path)',
  'RETURN-PATH-MX': 'Bounce MX (return path)',
  MX: 'Bounce MX',
};
/** How a record kind is named to people; a kind without a name here shows as itself. */
export const recordLabel = (kind: string) => KIND_LABEL[kind] ?? kind;

export const formatUtc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function joinKinds(kinds: string[]): string {
  return kinds.length <= 1 ? (kinds[0] ?? '') : `${kinds.slice(0, -1).join(', ')} and ${kinds.at(-1)}`;
}

export function domainState(d: DomainStateInput, now: Date = new Date()): DomainState {
  const records: RecordState[] = d.records.map((r) => ({
    kind: r.kind,
    required: r.required ?? REQUIRED_WHEN_UNSAID.has(r.kind),
    status: r.status,
    label: LABEL[r.status],
    problem: r.problem,
    found: r.found,
  }));
  const failingKinds = records.filter((r) => r.required && r.status !== 'PASS').map((r) => recordLabel(r.kind));
  const failing = joinKinds(failingKinds);
  const checked = d.lastCheckedAt !== null || records.some((r) => r.status !== 'PENDING');
  const stopsAt = d.failingSince ? new Date(d.failingSince.getTime() + VERIFICATION_GRACE_MS) : null;
  // verifiedAt is only cleared by a check; past the grace period it no longer counts even if
  // the scheduled re-check has not run yet.
  const expired = !!stopsAt && failingKinds.length > 0 && now.getTime() >= stopsAt.getTime();
  const verified = d.verifiedAt !== null && !expired;
  const inGrace = verified && failingKinds.length > 0;
  const doNot = failingKinds.length === 1 ? 'does not pass' : 'do not pass';

  let summary: string;
  if (inGrace) {
    summary = `${d.domain} is verified, DNS failing since ${d.failingSince ? formatUtc(d.failingSince) : 'the last check'} (${failing} ${doNot}); `
      + (stopsAt ? `sending stops at ${formatUtc(stopsAt)} unless the records are fixed.` : 'fix the records before the domain loses its verification.');
  } else if (verified) {
    const passing = joinKinds(records.filter((r) => r.required).map((r) => recordLabel(r.kind)));
    summary = `${d.domain} is verified${passing ? ` (${passing} pass)` : ''}.`;
  } else if (!checked) {
    summary = `${d.domain} is not verified: its DNS records have not been checked yet.`;
  } else if (expired && d.verifiedAt) {
    summary = `${d.domain} lost its verification: ${failing} ${doNot} since ${formatUtc(d.failingSince!)}.`;
  } else {
    summary = `${d.domain} is not verified${failing ? `: ${failing} ${doNot}` : ''}.`;
  }
  return {
    domain: d.domain, verified, inGrace, failingSince: d.failingSince, stopsAt: inGrace ? stopsAt : null, checked, failing,
    records, pending: records.some((r) => r.status !== 'PASS'), summary,
  };
}
