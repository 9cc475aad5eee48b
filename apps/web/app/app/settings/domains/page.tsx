import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { domainState, listSenderDomains } from '@rundbrief/core/senders/index';
import { devDnsEnabled } from '@rundbrief/core/senders/dev-dns';
import { requireMember } from '@/lib/session';
import { ActionButton } from '@/components/ActionButton';
import { CopyValue } from '@/components/CopyValue';
import { AddDomainForm } from './AddDomainForm';
import { AddEd25519Key } from './AddEd25519Key';
import { LiveCheck } from './LiveCheck';
import { checkDomainAction, publishDevDnsAction, removeDomainAction } from './actions';
import { domainWords } from './summary';
import styles from './domains.module.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('settings.domains'))('title') };
}

const TONE = { PASS: 'badge-success', FAIL: 'badge-danger', PENDING: 'badge-neutral' } as const;

export default async function DomainsPage() {
  const { tenantId } = await requireMember('ADMIN');
  const domains = await listSenderDomains({ tenantId });
  const devDns = devDnsEnabled();
  const { t, kind, status, summary } = await domainWords();
  return (
    <div className="stack" style={{ gap: 24 }}>
      <section className="card" aria-labelledby="add-h">
        <h2 id="add-h" className="card-title">{t('addHeading')}</h2>
        <AddDomainForm />
      </section>
      {domains.length === 0 && <p className="muted">{t('empty')}</p>}
      {domains.map((d) => {
        // one reading of the domain (the checklist and the senders page use the same)
        const state = domainState(d);
        return (
          <section key={d.id} className="card" aria-labelledby={`d-${d.id}`} data-testid="sender-domain">
            <div className="page-header" style={{ marginBottom: 8 }}>
              <h2 id={`d-${d.id}`} className="card-title" style={{ margin: 0 }}>
                {d.domain}{' '}
                <span className={`badge ${state.verified ? (state.inGrace ? 'badge-warning' : 'badge-success') : 'badge-warning'}`} data-testid="domain-status">{t('verified', { verified: String(state.verified) })}</span>
              </h2>
              <div className="toolbar" style={{ margin: 0 }}>
                <LiveCheck domainId={d.id} pending={state.pending} />
                <ActionButton action={checkDomainAction} fields={{ domainId: d.id }} label={t('checkNow')} pendingLabel={t('checking')} className="btn btn-sm btn-primary" />
                <ActionButton action={removeDomainAction} fields={{ domainId: d.id }} label={t('remove')} className="btn btn-sm btn-ghost"
                  confirm={{ title: t('removeTitle', { domain: d.domain }), message: t('removeMessage'), confirmLabel: t('removeConfirm') }} />
              </div>
            </div>
            <p className={state.inGrace ? 'alert alert-warning' : undefined} role="status" data-testid="domain-summary">{summary(state, d.verifiedAt)}</p>
            <p className="muted">
              {d.lastCheckedAt ? t('lastChecked', { at: d.lastCheckedAt }) : t('notChecked')}{' '}
              {t('publishHelp', { hours: 6 })}
            </p>
            {devDns && (
              <div className="toolbar" data-testid="dev-dns">
                <ActionButton action={publishDevDnsAction} fields={{ domainId: d.id }} label={t('devDnsPublish')} pendingLabel={t('devDnsPublishing')} className="btn btn-sm" />
                <span className="muted">{t.rich('devDnsHint', { link: (c) => <a href="/dev/dns">{c}</a> })}</span>
              </div>
            )}
            <div className="table-wrap">
              <table className="table">
                <thead><tr><th>{t('columns.record')}</th><th>{t('columns.type')}</th><th>{t('columns.name')}</th><th>{t('columns.value')}</th><th>{t('columns.status')}</th></tr></thead>
                <tbody>
                  {d.records.map((r, i) => {
                    const rs = state.records[i]!;
                    const what = kind(r.kind);
                    return (
                      <tr key={r.kind} data-testid={`record-${r.kind}`} data-kind={r.kind}>
                        <td>
                          {what}
                          <div className="muted">{rs.required ? t('required') : t('recommended')}</div>
                        </td>
                        <td>
                          <span data-testid="record-type">{r.type}</span>
                          {r.priority !== undefined && <div className="muted">{t.rich('priority', { priority: r.priority, value: (c) => <span data-testid="record-priority">{c}</span> })}</div>}
                        </td>
                        <td className={styles.name}><CopyValue value={r.name} what={t('copyName', { what })} testId="record-name" /></td>
                        <td className={styles.value}><CopyValue value={r.value} what={t('copyValue', { what })} testId="record-value" /></td>
                        <td className={styles.status}>
                          <span className={`badge ${TONE[rs.status]}`} data-testid="record-status">{status(rs.status)}</span>
                          {rs.problem && <div className="error" data-testid="record-problem">{rs.problem}</div>}
                          {rs.status === 'FAIL' && (
                            <div className="muted" data-testid="record-found">
                              {rs.found.length ? t.rich('found', { found: rs.found.join(' | '), mono: (c) => <span className="mono">{c}</span> }) : t('foundNothing')}
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
