import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { fblAddress } from '@rundbrief/core';
import { operatorPlatformSettings } from '@rundbrief/core/platform/operator-settings';
import { ActionButton } from '@/components/ActionButton';
import { EmptyState } from '@/components/EmptyState';
import { requireOperatorActor } from '@/lib/operator-actor';
import { removeReporterAction } from './actions';
import { ProxiesForm, ReporterForm } from './SettingsForms';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin'))('feedback.title') };
}
export const dynamic = 'force-dynamic';

export default async function FeedbackSettingsPage() {
  const actor = await requireOperatorActor();
  const { fblReporters, trustedProxies } = await operatorPlatformSettings(actor);
  const t = await getTranslations('admin');
  return (
    <div className="stack" style={{ gap: 28 }}>
      <div className="page-header"><h1>{t('feedback.title')}</h1></div>

      <section aria-labelledby="reporters-title" className="stack">
        <h2 id="reporters-title">{t('feedback.reporters')}</h2>
        <p className="muted">{t.rich('feedback.intro', { address: () => <span className="mono">{fblAddress()}</span> })}</p>
        {fblReporters.length === 0 ? (
          <EmptyState title={t('feedback.emptyTitle')}>{t('feedback.emptyBody')}</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="fbl-reporters">
              <thead><tr><th>{t('feedback.name')}</th><th>{t('feedback.sources')}</th><th>{t('feedback.dkimDomains')}</th><th><span className="sr-only">{t('actions')}</span></th></tr></thead>
              <tbody>
                {fblReporters.map((r) => (
                  <tr key={r.name}>
                    <td>{r.name}</td>
                    <td className="mono">{r.ips.length ? r.ips.join(', ') : <span className="muted">{t('none')}</span>}</td>
                    <td className="mono">{r.dkimDomains.length ? r.dkimDomains.join(', ') : <span className="muted">{t('none')}</span>}</td>
                    <td>
                      <ActionButton action={removeReporterAction} fields={{ name: r.name }} label={t('remove')} pendingLabel={t('removing')}
                        confirm={{ title: t('feedback.removeTitle', { name: r.name }), message: t('feedback.removeMessage'), confirmLabel: t('feedback.removeConfirm') }} />
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
        <h2 id="proxies-title">{t('feedback.proxies')}</h2>
        <ProxiesForm proxies={trustedProxies} />
      </section>
    </div>
  );
}
