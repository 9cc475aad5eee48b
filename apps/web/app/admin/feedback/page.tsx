import type { Metadata } from 'next';
import { fblAddress } from '@rundbrief/core';
import { platformSettings } from '@rundbrief/core/platform/settings';
import { ActionButton } from '@/components/ActionButton';
import { EmptyState } from '@/components/EmptyState';
import { requireOperator } from '@/lib/session';
import { removeReporterAction } from './actions';
import { ProxiesForm, ReporterForm } from './SettingsForms';

export const metadata: Metadata = { title: 'Feedback loop and proxies' };
export const dynamic = 'force-dynamic';

export default async function FeedbackSettingsPage() {
  await requireOperator();
  const { fblReporters, trustedProxies } = await platformSettings();
  return (
    <div className="stack" style={{ gap: 28 }}>
      <div className="page-header"><h1>Feedback loop and proxies</h1></div>

      <section aria-labelledby="reporters-title" className="stack">
        <h2 id="reporters-title">Feedback-loop reporters</h2>
        <p className="muted">
          Complaint reports sent to <span className="mono">{fblAddress()}</span> suppress subscribers of every tenant, so mail to that
          address is accepted only from the providers listed here: by the address it comes from, or by a valid DKIM signature of
          one of their domains. Everything else is refused with 550 5.7.1.
        </p>
        {fblReporters.length === 0 ? (
          <EmptyState title="No reporters">Until you add one, the FBL address refuses all mail and no complaint is applied.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="fbl-reporters">
              <thead><tr><th>Name</th><th>Source addresses</th><th>DKIM domains</th><th><span className="sr-only">Actions</span></th></tr></thead>
              <tbody>
                {fblReporters.map((r) => (
                  <tr key={r.name}>
                    <td>{r.name}</td>
                    <td className="mono">{r.ips.length ? r.ips.join(', ') : <span className="muted">none</span>}</td>
                    <td className="mono">{r.dkimDomains.length ? r.dkimDomains.join(', ') : <span className="muted">none</span>}</td>
                    <td>
                      <ActionButton action={removeReporterAction} fields={{ name: r.name }} label="Remove" pendingLabel="Removing…"
                        confirm={{ title: `Remove ${r.name}?`, message: 'Reports from this provider will be refused from now on.', confirmLabel: 'Remove reporter' }} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <ReporterForm />
      </section>

      <section aria-labelledby="proxies-title" className="stack">
        <h2 id="proxies-title">Trusted proxies</h2>
        <ProxiesForm proxies={trustedProxies} />
      </section>
    </div>
  );
}
