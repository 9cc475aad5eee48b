import type { Metadata } from 'next';
import { listSenderDomains } from '@rundbrief/core/senders/index';
import { requireMember } from '@/lib/session';
import { ActionButton } from '@/components/ActionButton';
import { CopyValue } from '@/components/CopyValue';
import { AddDomainForm } from './AddDomainForm';
import { checkDomainAction, removeDomainAction } from './actions';
import styles from './domains.module.css';

export const metadata: Metadata = { title: 'Sender domains' };

const TONE = { PASS: 'badge-success', FAIL: 'badge-danger', PENDING: 'badge-neutral' } as const;
const label = (kind: string) => (kind === 'MX' ? 'Bounces (MX)' : kind);

export default async function DomainsPage() {
  const { tenantId } = await requireMember('ADMIN');
  const domains = await listSenderDomains({ tenantId });
  return (
    <div className="stack" style={{ gap: 24 }}>
      <section className="card" aria-labelledby="add-h">
        <h2 id="add-h" className="card-title">Add a sender domain</h2>
        <AddDomainForm />
      </section>
      {domains.length === 0 && <p className="muted">No sender domains yet. Campaigns can only be sent from a verified domain.</p>}
      {domains.map((d) => (
        <section key={d.id} className="card" aria-labelledby={`d-${d.id}`} data-testid="sender-domain">
          <div className="page-header" style={{ marginBottom: 8 }}>
            <h2 id={`d-${d.id}`} className="card-title" style={{ margin: 0 }}>
              {d.domain}{' '}
              <span className={`badge ${d.verified ? 'badge-success' : 'badge-warning'}`} data-testid="domain-status">{d.verified ? 'verified' : 'not verified'}</span>
            </h2>
            <div className="toolbar" style={{ margin: 0 }}>
              <ActionButton action={checkDomainAction} fields={{ domainId: d.id }} label="Check DNS now" pendingLabel="Checking…" className="btn btn-sm btn-primary" />
              <ActionButton action={removeDomainAction} fields={{ domainId: d.id }} label="Remove" className="btn btn-sm btn-ghost" />
            </div>
          </div>
          {d.verified && d.failingSince && (
            <div className="alert alert-warning" role="status">
              DKIM or SPF have failed since {d.failingSince.toISOString().slice(0, 16).replace('T', ' ')} UTC. Fix the records: the domain loses its verification 72 hours after that.
            </div>
          )}
          <p className="muted">
            {d.lastCheckedAt ? `Last checked ${d.lastCheckedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.` : 'Not checked yet.'}{' '}
            DKIM and SPF must pass before you can send; DMARC and the bounce MX are strongly recommended. We re-check every 6 hours.
          </p>
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>Record</th><th>Type</th><th>Name</th><th>Value to publish</th><th>Status</th></tr></thead>
              <tbody>
                {d.records.map((r) => (
                  <tr key={r.kind} data-testid={`record-${r.kind}`}>
                    <td>{label(r.kind)}</td>
                    <td>
                      {r.type}
                      {r.priority !== undefined && <div className="muted">priority <span data-testid="record-priority">{r.priority}</span></div>}
                    </td>
                    <td className={styles.name}><CopyValue value={r.name} what={`${label(r.kind)} name`} testId="record-name" /></td>
                    <td className={styles.value}><CopyValue value={r.value} what={`${label(r.kind)} value`} testId="record-value" /></td>
                    <td>
                      <span className={`badge ${TONE[r.status]}`}>{r.status.toLowerCase()}</span>
                      {r.problem && <div className="error" data-testid="record-problem">{r.problem}</div>}
                      {r.status === 'FAIL' && r.found.length > 0 && (
                        <div className="muted">Found: <span className="mono">{r.found.join(' | ')}</span></div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  );
}
