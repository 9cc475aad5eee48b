import type { Metadata } from 'next';
import { domainState, formatUtc, listSenderDomains, recordLabel } from '@rundbrief/core/senders/index';
import { devDnsEnabled } from '@rundbrief/core/senders/dev-dns';
import { requireMember } from '@/lib/session';
import { ActionButton } from '@/components/ActionButton';
import { CopyValue } from '@/components/CopyValue';
import { AddDomainForm } from './AddDomainForm';
import { AddEd25519Key } from './AddEd25519Key';
import { LiveCheck } from './LiveCheck';
import { checkDomainAction, publishDevDnsAction, removeDomainAction } from './actions';
import styles from './domains.module.css';

export const metadata: Metadata = { title: 'Sender domains' };

const TONE = { PASS: 'badge-success', FAIL: 'badge-danger', PENDING: 'badge-neutral' } as const;

export default async function DomainsPage() {
  const { tenantId } = await requireMember('ADMIN');
  const domains = await listSenderDomains({ tenantId });
  const devDns = devDnsEnabled();
  return (
    <div className="stack" style={{ gap: 24 }}>
      <section className="card" aria-labelledby="add-h">
        <h2 id="add-h" className="card-title">Add a sender domain</h2>
        <AddDomainForm />
      </section>
      {domains.length === 0 && <p className="muted">No sender domains yet. Campaigns can only be sent from a verified domain.</p>}
      {domains.map((d) => {
        // one reading of the domain (the checklist and the senders page use the same)
        const state = domainState(d);
        return (
          <section key={d.id} className="card" aria-labelledby={`d-${d.id}`} data-testid="sender-domain">
            <div className="page-header" style={{ marginBottom: 8 }}>
              <h2 id={`d-${d.id}`} className="card-title" style={{ margin: 0 }}>
                {d.domain}{' '}
                <span className={`badge ${state.verified ? (state.inGrace ? 'badge-warning' : 'badge-success') : 'badge-warning'}`} data-testid="domain-status">{state.verified ? 'verified' : 'not verified'}</span>
              </h2>
              <div className="toolbar" style={{ margin: 0 }}>
                <LiveCheck domainId={d.id} pending={state.pending} />
                <ActionButton action={checkDomainAction} fields={{ domainId: d.id }} label="Check DNS now" pendingLabel="Checking…" className="btn btn-sm btn-primary" />
                <ActionButton action={removeDomainAction} fields={{ domainId: d.id }} label="Remove" className="btn btn-sm btn-ghost"
                  confirm={{ title: `Remove ${d.domain}?`, message: 'Its DKIM key is deleted and senders on it stop working.', confirmLabel: 'Remove domain' }} />
              </div>
            </div>
            <p className={state.inGrace ? 'alert alert-warning' : undefined} role="status" data-testid="domain-summary">{state.summary}</p>
            <p className="muted">
              {d.lastCheckedAt ? `Last checked ${formatUtc(d.lastCheckedAt)}.` : 'Not checked yet.'}{' '}
              Publish each record below at your DNS provider (the Copy buttons copy exactly what to enter), then check.
              Records marked required must pass before you can send; the others are strongly recommended. We re-check every 6 hours.
            </p>
            {devDns && (
              <div className="toolbar" data-testid="dev-dns">
                <ActionButton action={publishDevDnsAction} fields={{ domainId: d.id }} label="Publish these records to the local dev DNS" pendingLabel="Publishing…" className="btn btn-sm" />
                <span className="muted">Development only: this machine resolves through its own DNS (see <a href="/dev/dns">/dev/dns</a>).</span>
              </div>
            )}
            <div className="table-wrap">
              <table className="table">
                <thead><tr><th>Record</th><th>Type</th><th>Name</th><th>Value to publish</th><th>Status</th></tr></thead>
                <tbody>
                  {d.records.map((r, i) => {
                    const rs = state.records[i]!;
                    const what = recordLabel(r.kind);
                    return (
                      <tr key={r.kind} data-testid={`record-${r.kind}`} data-kind={r.kind}>
                        <td>
                          {what}
                          <div className="muted">{rs.required ? 'required' : 'recommended'}</div>
                        </td>
                        <td>
                          <span data-testid="record-type">{r.type}</span>
                          {r.priority !== undefined && <div className="muted">priority <span data-testid="record-priority">{r.priority}</span></div>}
                        </td>
                        <td className={styles.name}><CopyValue value={r.name} what={`${what} name`} testId="record-name" /></td>
                        <td className={styles.value}><CopyValue value={r.value} what={`${what} value`} testId="record-value" /></td>
                        <td className={styles.status}>
                          <span className={`badge ${TONE[rs.status]}`} data-testid="record-status">{rs.label}</span>
                          {rs.problem && <div className="error" data-testid="record-problem">{rs.problem}</div>}
                          {rs.status === 'FAIL' && (
                            <div className="muted" data-testid="record-found">
                              Found: {rs.found.length ? <span className="mono">{rs.found.join(' | ')}</span> : 'nothing'}
                            </div>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {/* domains added before Ed25519 keys existed (the demo seed's) can add one */}
            {!d.records.some((r) => r.kind === 'DKIM-ED25519') && <AddEd25519Key domainId={d.id} domain={d.domain} />}
          </section>
        );
      })}
    </div>
  );
}
