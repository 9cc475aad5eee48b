import type { Metadata } from 'next';
import { ensurePlatformDkimKey, platformMailSetup, type PlatformRecord } from '@rundbrief/core/platform/platform-dkim';
import { listPlatformMailBounces, PLATFORM_SUPPRESS_AFTER_HARD, PLATFORM_SUPPRESS_DAYS } from '@rundbrief/core/platform/platform-mail-log';
import { ActionButton } from '@/components/ActionButton';
import { CopyValue } from '@/components/CopyValue';
import { EmptyState } from '@/components/EmptyState';
import { requireOperator } from '@/lib/session';
import { activatePlatformKeyAction, discardPlatformKeyAction, preparePlatformKeyAction } from './actions';
import styles from './platform-mail.module.css';

export const metadata: Metadata = { title: 'Platform mail' };
export const dynamic = 'force-dynamic';

const TONE = { PASS: 'badge-success', FAIL: 'badge-danger', PENDING: 'badge-neutral' } as const;
const when = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function RecordRow({ r, testId }: { r: PlatformRecord; testId: string }) {
  return (
    <tr data-testid={testId}>
      <td>{r.kind}<div className="muted">{r.purpose}</div></td>
      <td>
        {r.type}
        {r.priority !== undefined && <div className="muted">priority {r.priority}</div>}
      </td>
      <td className={styles.name}><CopyValue value={r.name} what={`${r.kind} name`} testId="record-name" /></td>
      <td className={styles.value}><CopyValue value={r.value} what={`${r.kind} value`} testId="record-value" /></td>
      <td>
        <span className={`badge ${TONE[r.check.status]}`} data-testid="record-status">{r.check.status.toLowerCase()}</span>
        {r.check.problem && <div className="error">{r.check.problem}</div>}
        {r.check.status === 'FAIL' && r.check.found.length > 0 && <div className="muted">Found: <span className="mono">{r.check.found.join(' | ')}</span></div>}
      </td>
    </tr>
  );
}

export default async function PlatformMailPage() {
  await requireOperator();
  await ensurePlatformDkimKey();
  const [setup, bounces] = await Promise.all([platformMailSetup(), listPlatformMailBounces({ take: 50 })]);
  return (
    <div className="stack" style={{ gap: 28 }}>
      <div className="page-header"><h1>Platform mail</h1></div>
      <p className="muted">
        Invitations, password resets, opt-in mail and test mails sent under the platform&apos;s name come from{' '}
        <span className="mono">{setup.domain}</span>, DKIM-signed with the platform&apos;s key, with a return path on{' '}
        <span className="mono">{setup.bounceDomain}</span> that names each mail, so its bounces are recorded below.
      </p>

      <section aria-labelledby="records-title" className="stack">
        <h2 id="records-title">DNS records to publish</h2>
        <div className="table-wrap">
          <table className="table" data-testid="platform-records">
            <thead><tr><th>Record</th><th>Type</th><th>Name</th><th>Value to publish</th><th>Status</th></tr></thead>
            <tbody>
              {setup.records.map((r) => <RecordRow key={`${r.kind}-${r.name}`} r={r} testId={`record-${r.kind}`} />)}
              {setup.pendingRecord && <RecordRow r={setup.pendingRecord} testId="record-DKIM-next" />}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="key-title" className="stack">
        <h2 id="key-title">DKIM key</h2>
        <p className="muted" data-testid="platform-key">
          {setup.active ? <>Signing with selector <span className="mono">{setup.active.selector}</span>{setup.active.activatedAt ? `, since ${when(setup.active.activatedAt)}` : ''}.</> : 'No key yet.'}
          {setup.pending && <> A new key (selector <span className="mono">{setup.pending.selector}</span>) is prepared: publish its record above, then activate it. Keep the old record published for a few days after.</>}
        </p>
        <div className="toolbar">
          {setup.pending ? (
            <>
              <ActionButton action={activatePlatformKeyAction} fields={{}} label="Activate the new key" pendingLabel="Checking DNS…" className="btn btn-sm btn-primary" />
              <ActionButton action={discardPlatformKeyAction} fields={{}} label="Discard the new key" className="btn btn-sm btn-ghost"
                confirm={{ title: 'Discard the new key?', message: 'The prepared key is deleted; the current key keeps signing.', confirmLabel: 'Discard key' }} />
            </>
          ) : (
            <ActionButton action={preparePlatformKeyAction} fields={{}} label="Rotate: prepare a new key" pendingLabel="Generating…" />
          )}
        </div>
      </section>

      <section aria-labelledby="bounces-title" className="stack">
        <h2 id="bounces-title">Bounces of platform mail</h2>
        <p className="muted">
          After {PLATFORM_SUPPRESS_AFTER_HARD} hard bounces within {PLATFORM_SUPPRESS_DAYS} days an address gets no more platform mail.
        </p>
        {bounces.length === 0 ? (
          <EmptyState title="No bounces">No platform mail has bounced.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="platform-bounces">
              <thead><tr><th>When</th><th>Recipient</th><th>Mail</th><th>Tenant</th><th>Bounce</th><th>Reason</th></tr></thead>
              <tbody>
                {bounces.map((b) => (
                  <tr key={b.id}>
                    <td>{b.bouncedAt ? when(b.bouncedAt) : ''}</td>
                    <td className="mono">{b.recipient}</td>
                    <td>{b.kind.toLowerCase().replace(/_/g, ' ')}</td>
                    <td>{b.tenant?.name ?? <span className="muted">none</span>}</td>
                    <td><span className={`badge ${b.bounceCategory === 'hard' ? 'badge-danger' : 'badge-warning'}`}>{b.bounceCategory}</span>{b.bounceStatus && <div className="muted">{b.bounceStatus}</div>}</td>
                    <td>{b.bounceDiagnostic}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
