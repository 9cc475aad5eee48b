import type { Metadata } from 'next';
import type { SendingIpStatus } from '@rundbrief/db';
import { listAlerts, listSendingIps } from '@rundbrief/core/platform/alerts';
import { requireOperator } from '@/lib/session';
import { EmptyState } from '@/components/EmptyState';
import { ActionButton } from '@/components/ActionButton';
import { acknowledgeAlertAction } from './actions';

export const metadata: Metadata = { title: 'Operator console' };

const IP_TONE: Record<SendingIpStatus, string> = { ACTIVE: 'badge-success', LISTED: 'badge-danger', DISABLED: 'badge-neutral' };
const when = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) : '—');

export default async function AdminPage({ searchParams }: { searchParams: Promise<{ alerts?: string }> }) {
  await requireOperator();
  const showAll = (await searchParams).alerts === 'all';
  const [ips, alerts] = await Promise.all([listSendingIps(), listAlerts({ includeAcknowledged: showAll })]);

  return (
    <div className="stack" style={{ gap: 28 }}>
      <div className="page-header"><h1>Operator console</h1></div>

      <section aria-labelledby="alerts-title">
        <div className="toolbar">
          <h2 id="alerts-title" style={{ margin: 0 }}>Alerts</h2>
          <span className="spacer" />
          <a className="btn btn-sm" href={showAll ? '/admin' : '/admin?alerts=all'}>{showAll ? 'Open alerts only' : 'Include acknowledged'}</a>
        </div>
        {alerts.length === 0 ? (
          <EmptyState title="No open alerts">Blocklist listings, blocks reported by receiving servers and auto-paused campaigns show up here.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>Raised</th><th>Kind</th><th>Message</th><th>Tenant</th><th>Status</th></tr></thead>
              <tbody>
                {alerts.map((a) => (
                  <tr key={a.id}>
                    <td>{when(a.createdAt)}</td>
                    <td><span className={`badge ${a.severity === 'critical' || a.severity === 'error' ? 'badge-danger' : 'badge-warning'}`}>{a.kind}</span></td>
                    <td>{a.message}</td>
                    <td>{a.tenant?.name ?? 'Platform'}</td>
                    <td>
                      {a.acknowledgedAt ? (
                        <span className="muted">Acknowledged {when(a.acknowledgedAt)}</span>
                      ) : (
                        <ActionButton action={acknowledgeAlertAction} fields={{ alertId: a.id }} label="Acknowledge" pendingLabel="Acknowledging…" />
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
        <h2 id="ips-title">Sending IPs</h2>
        {ips.length === 0 ? (
          <EmptyState title="No sending IPs">Add source addresses to the pool (npm start seeds 127.0.0.2 and 127.0.0.3).</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>Address</th><th>HELO name</th><th>Status</th><th>Listings</th><th className="num">Daily limit</th><th>Last checked</th></tr></thead>
              <tbody>
                {ips.map((ip) => {
                  const listings = Array.isArray(ip.listings) ? ip.listings.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))) : [];
                  return (
                    <tr key={ip.id}>
                      <td className="mono">{ip.address}</td>
                      <td className="mono">{ip.heloName}</td>
                      <td><span className={`badge ${IP_TONE[ip.status]}`}>{ip.status.toLowerCase()}</span></td>
                      <td>{listings.length ? listings.join(', ') : <span className="muted">none</span>}</td>
                      <td className="num">{ip.dailyLimit?.toLocaleString('en') ?? 'unlimited'}</td>
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
