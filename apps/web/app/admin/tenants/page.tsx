import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { listTenantsForOperator } from '@rundbrief/core';
import { requireOperatorActor } from '@/lib/operator-actor';
import { ActionButton } from '@/components/ActionButton';
import { EmptyState } from '@/components/EmptyState';
import { unsuspendTenantAction } from './actions';
import { SuspendForm } from './SuspendForm';
import { LimitsForm } from './LimitsForm';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin'))('tenants.title') };
}

export default async function TenantsPage() {
  const actor = await requireOperatorActor();
  const tenants = await listTenantsForOperator(actor);
  const [t, format] = await Promise.all([getTranslations('admin'), getFormatter()]);
  return (
    <div className="stack" style={{ gap: 24 }}>
      <div className="page-header"><h1>{t('tenants.title')}</h1></div>
      <p className="muted">{t('tenants.intro')}</p>
      {tenants.length === 0 ? <EmptyState title={t('tenants.emptyTitle')}>{t('tenants.emptyBody')}</EmptyState> : (
        <div className="table-wrap">
          <table className="table" data-testid="tenants">
            <thead><tr><th>{t('tenants.tenant')}</th><th>{t('tenants.status')}</th><th className="num">{t('tenants.sent30')}</th><th className="num">{t('tenants.bounced30')}</th><th>{t('tenants.limits')}</th><th>{t('tenants.sending')}</th></tr></thead>
            <tbody>
              {tenants.map((tn) => (
                <tr key={tn.id}>
                  <td>{tn.name}<div className="muted mono">{tn.slug}</div></td>
                  <td>
                    <span className={`badge ${tn.status === 'SUSPENDED' ? 'badge-danger' : 'badge-success'}`}>{t('tenants.tenantStatus', { status: tn.status })}</span>
                    {tn.suspendedReason && <div className="muted">{tn.suspendedReason}</div>}
                  </td>
                  <td className="num">{format.number(tn.sent30d)}</td>
                  <td className="num">{format.number(tn.bounced30d)}</td>
                  <td><LimitsForm tenantId={tn.id} tenantName={tn.name} sendRatePerMinute={tn.sendRatePerMinute} dailySendLimit={tn.dailySendLimit} /></td>
                  <td>
                    {tn.status === 'SUSPENDED'
                      ? <ActionButton action={unsuspendTenantAction} fields={{ tenantId: tn.id }} label={t('tenants.lift')} pendingLabel={t('tenants.lifting')} />
                      : <SuspendForm tenantId={tn.id} tenantName={tn.name} />}
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
