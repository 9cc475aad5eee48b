import type { Metadata } from 'next';
import { listTenantsForOperator } from '@rundbrief/core';
import { requireOperator } from '@/lib/session';
import { ActionButton } from '@/components/ActionButton';
import { EmptyState } from '@/components/EmptyState';
import { unsuspendTenantAction } from './actions';
import { SuspendForm } from './SuspendForm';
import { LimitsForm } from './LimitsForm';

export const metadata: Metadata = { title: 'Tenants' };

export default async function TenantsPage() {
  await requireOperator();
  const tenants = await listTenantsForOperator();
  return (
    <div className="stack" style={{ gap: 24 }}>
      <div className="page-header"><h1>Tenants</h1></div>
      <p className="muted">
        Suspending a tenant stops its sending at once: running campaigns pause with your reason, and no campaign can start
        until you lift the suspension; the tenant sees your reason in a banner on every page. Lifting it resumes nothing by
        itself; the tenant reviews and resumes. Limits: messages per minute the sender throttles to, and per day (empty: no limit). Over the daily limit a campaign waits and continues after midnight UTC.
      </p>
      {tenants.length === 0 ? <EmptyState title="No tenants yet">Tenants appear here when they sign up.</EmptyState> : (
        <div className="table-wrap">
          <table className="table" data-testid="tenants">
            <thead><tr><th>Tenant</th><th>Status</th><th className="num">Sent (30 days)</th><th className="num">Bounced (30 days)</th><th>Limits</th><th>Sending</th></tr></thead>
            <tbody>
              {tenants.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}<div className="muted mono">{t.slug}</div></td>
                  <td>
                    <span className={`badge ${t.status === 'SUSPENDED' ? 'badge-danger' : 'badge-success'}`}>{t.status.toLowerCase()}</span>
                    {t.suspendedReason && <div className="muted">{t.suspendedReason}</div>}
                  </td>
                  <td className="num">{t.sent30d.toLocaleString('en')}</td>
                  <td className="num">{t.bounced30d.toLocaleString('en')}</td>
                  <td><LimitsForm tenantId={t.id} tenantName={t.name} sendRatePerMinute={t.sendRatePerMinute} dailySendLimit={t.dailySendLimit} /></td>
                  <td>
                    {t.status === 'SUSPENDED'
                      ? <ActionButton action={unsuspendTenantAction} fields={{ tenantId: t.id }} label="Lift suspension" pendingLabel="Lifting…" />
                      : <SuspendForm tenantId={t.id} tenantName={t.name} />}
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
