import type { Metadata } from 'next';
import Link from 'next/link';
import { listAlerts } from '@rundbrief/core/platform/alerts';
import { requireOperator } from '@/lib/session';
import { ActionButton } from '@/components/ActionButton';
import { EmptyState } from '@/components/EmptyState';
import { acknowledgeAlertOnListAction } from './actions';

export const metadata: Metadata = { title: 'Alerts' };

const KINDS: Record<string, string> = {
  IP_LISTED: 'Blocklist listing',
  IP_DELISTED: 'Delisted',
  IP_BLOCKED: 'Blocked by a receiver',
  AUTO_PAUSE: 'Campaign auto-paused',
};
const TONE: Record<string, string> = { critical: 'badge-danger', error: 'badge-danger', warning: 'badge-warning', info: 'badge-info' };
const when = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

/** What an operator needs from an alert's details at a glance (IP, domain, lists). */
function detailLine(details: unknown): string | null {
  if (!details || typeof details !== 'object') return null;
  const d = details as { ip?: string; domain?: string; listings?: { zone: string }[]; campaignId?: string };
  const parts = [d.ip && `IP ${d.ip}`, d.domain && `domain ${d.domain}`, d.listings?.length && `lists ${d.listings.map((l) => l.zone).join(', ')}`];
  const line = parts.filter(Boolean).join(' · ');
  return line || null;
}

export default async function AlertsPage({ searchParams }: { searchParams: Promise<{ show?: string; kind?: string }> }) {
  await requireOperator();
  const { show, kind } = await searchParams;
  const all = show === 'all';
  const alerts = (await listAlerts({ includeAcknowledged: all, take: 500 })).filter((a) => !kind || a.kind === kind);
  const href = (p: { show?: string; kind?: string }) => {
    const q = new URLSearchParams(Object.entries({ show: all ? 'all' : undefined, kind, ...p }).filter((e): e is [string, string] => !!e[1]));
    return `/admin/alerts${q.size ? `?${q}` : ''}`;
  };

  return (
    <div className="stack" style={{ gap: 20 }}>
      <div className="page-header"><h1>Alerts</h1></div>
      <nav className="tabs" aria-label="Alert filter">
        <Link href={href({ kind: '' })} aria-current={!kind ? 'page' : undefined}>All kinds</Link>
        {Object.entries(KINDS).map(([k, label]) => (
          <Link key={k} href={href({ kind: k })} aria-current={kind === k ? 'page' : undefined}>{label}</Link>
        ))}
      </nav>
      <div className="toolbar">
        <span className="muted">{all ? 'Open and acknowledged alerts' : 'Open alerts'}</span>
        <span className="spacer" />
        <Link className="btn btn-sm" href={href({ show: all ? '' : 'all' })}>{all ? 'Open alerts only' : 'Include acknowledged'}</Link>
      </div>
      {alerts.length === 0 ? (
        <EmptyState title={all ? 'No alerts' : 'No open alerts'}>Blocklist listings, blocks reported by receiving servers and auto-paused campaigns show up here.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="alerts">
            <thead><tr><th>Raised</th><th>Kind</th><th>What happened</th><th>Tenant</th><th>Status</th></tr></thead>
            <tbody>
              {alerts.map((a) => (
                <tr key={a.id}>
                  <td>{when(a.createdAt)}</td>
                  <td><span className={`badge ${TONE[a.severity] ?? 'badge-warning'}`}>{KINDS[a.kind] ?? a.kind}</span></td>
                  <td>{a.message}{detailLine(a.details) && <div className="muted">{detailLine(a.details)}</div>}</td>
                  <td>{a.tenant?.name ?? 'Platform'}</td>
                  <td>
                    {a.acknowledgedAt ? <span className="muted">Acknowledged {when(a.acknowledgedAt)}</span> : (
                      <ActionButton action={acknowledgeAlertOnListAction} fields={{ alertId: a.id }} label="Acknowledge" pendingLabel="Acknowledging…" />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
