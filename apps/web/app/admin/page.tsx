import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import type { SendingIpStatus } from '@rundbrief/db';
import { listAlerts, listSendingIps } from '@rundbrief/core/platform/alerts';
import { alertText } from '@rundbrief/core/platform/alert-text';
import { sayCore } from '@/lib/core-texts';
import { requireOperatorActor } from '@/lib/operator-actor';
import { EmptyState } from '@/components/EmptyState';
import { ActionButton } from '@/components/ActionButton';
import { acknowledgeAlertAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin'))('console.title') };
}

const IP_TONE: Record<SendingIpStatus, string> = { ACTIVE: 'badge-success', LISTED: 'badge-danger', DISABLED: 'badge-neutral' };

export default async function AdminPage({ searchParams }: { searchParams: Promise<{ alerts?: string }> }) {
  const actor = await requireOperatorActor();
  const showAll = (await searchParams).alerts === 'all';
  const [ips, alerts] = await Promise.all([listSendingIps(actor), listAlerts(actor, { includeAcknowledged: showAll })]);
  const [t, format, tc] = await Promise.all([getTranslations('admin'), getFormatter(), getTranslations('coreTexts')]);
  const when = (d: Date | null) => (d ? format.dateTime(d, 'dateTime') : '—');

  return (
    <div className="stack" style={{ gap: 28 }}>
      <div className="page-header"><h1>{t('console.title')}</h1></div>

      <section aria-labelledby="alerts-title">
        <div className="toolbar">
          <h2 id="alerts-title" style={{ margin: 0 }}>{t('console.alerts')}</h2>
          <span className="spacer" />
          <a className="btn btn-sm" href={showAll ? '/admin' : '/admin?alerts=all'}>{showAll ? t('openOnly') : t('includeAcknowledged')}</a>
        </div>
        {alerts.length === 0 ? (
          <EmptyState title={t('console.noOpenAlerts')}>{t('console.alertsEmpty')}</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>{t('console.raised')}</th><th>{t('console.kind')}</th><th>{t('console.message')}</th><th>{t('console.tenant')}</th><th>{t('console.status')}</th></tr></thead>
              <tbody>
                {alerts.map((a) => (
                  <tr key={a.id}>
                    <td>{when(a.createdAt)}</td>
                    <td><span className={`badge ${a.severity === 'critical' || a.severity === 'error' ? 'badge-danger' : 'badge-warning'}`}>{t('alerts.kind', { kind: a.kind })}</span></td>
                    <td>{sayCore(tc, alertText(a), a.message)}</td>
                    <td>{a.tenant?.name ?? t('platform')}</td>
                    <td>
                      {a.acknowledgedAt ? (
                        <span className="muted">{t('acknowledgedAt', { at: a.acknowledgedAt })}</span>
                      ) : (
                        <ActionButton action={acknowledgeAlertAction} fields={{ alertId: a.id }} label={t('acknowledge')} pendingLabel={t('acknowledging')} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="ips-title">
        <h2 id="ips-title">{t('console.ips')}</h2>
        {ips.length === 0 ? (
          <EmptyState title={t('console.noIps')}>{t('console.noIpsBody')}</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>{t('console.address')}</th><th>{t('console.helo')}</th><th>{t('console.status')}</th><th>{t('console.listings')}</th><th className="num">{t('console.dailyLimit')}</th><th>{t('console.lastChecked')}</th></tr></thead>
              <tbody>
                {ips.map((ip) => {
                  const listings = Array.isArray(ip.listings) ? ip.listings.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))) : [];
                  return (
                    <tr key={ip.id}>
                      <td className="mono">{ip.address}</td>
                      <td className="mono">{ip.heloName}</td>
                      <td><span className={`badge ${IP_TONE[ip.status]}`}>{t('ipStatus', { status: ip.status })}</span></td>
                      <td>{listings.length ? listings.join(', ') : <span className="muted">{t('none')}</span>}</td>
                      <td className="num">{ip.dailyLimit != null ? format.number(ip.dailyLimit) : t('console.unlimited')}</td>
                      <td>{when(ip.lastCheckedAt)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
