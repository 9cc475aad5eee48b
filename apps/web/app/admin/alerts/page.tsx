import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { listAlerts } from '@rundbrief/core/platform/alerts';
import { alertText } from '@rundbrief/core/platform/alert-text';
import { sayCore } from '@/lib/core-texts';
import { requireOperatorActor } from '@/lib/operator-actor';
import { ActionButton } from '@/components/ActionButton';
import { EmptyState } from '@/components/EmptyState';
import { acknowledgeAlertOnListAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin'))('alerts.title') };
}

const KINDS = ['IP_LISTED', 'IP_DELISTED', 'IP_BLOCKED', 'AUTO_PAUSE'] as const;
const TONE: Record<string, string> = { critical: 'badge-danger', error: 'badge-danger', warning: 'badge-warning', info: 'badge-info' };

/** What an operator needs from an alert's details at a glance (IP, domain, lists). */
function detailLine(t: Awaited<ReturnType<typeof getTranslations<'admin'>>>, details: unknown): string | null {
  if (!details || typeof details !== 'object') return null;
  const d = details as { ip?: string; domain?: string; listings?: { zone: string }[]; campaignId?: string };
  const parts = [d.ip && t('alerts.detailIp', { ip: d.ip }), d.domain && t('alerts.detailDomain', { domain: d.domain }), d.listings?.length && t('alerts.detailLists', { zones: d.listings.map((l) => l.zone).join(', ') })];
  const line = parts.filter(Boolean).join(' · ');
  return line || null;
}

export default async function AlertsPage({ searchParams }: { searchParams: Promise<{ show?: string; kind?: string }> }) {
  const actor = await requireOperatorActor();
  const { show, kind } = await searchParams;
  const all = show === 'all';
  const [t, format, tc] = await Promise.all([getTranslations('admin'), getFormatter(), getTranslations('coreTexts')]);
  const when = (d: Date) => format.dateTime(d, 'dateTime');
  const alerts = (await listAlerts(actor, { includeAcknowledged: all, take: 500 })).filter((a) => !kind || a.kind === kind);
  const href = (p: { show?: string; kind?: string }) => {
    const q = new URLSearchParams(Object.entries({ show: all ? 'all' : undefined, kind, ...p }).filter((e): e is [string, string] => !!e[1]));
    return `/admin/alerts${q.size ? `?${q}` : ''}`;
  };

  return (
    <div className="stack" style={{ gap: 20 }}>
      <div className="page-header"><h1>{t('alerts.title')}</h1></div>
      <nav className="tabs" aria-label={t('alerts.filter')}>
        <Link href={href({ kind: '' })} aria-current={!kind ? 'page' : undefined}>{t('alerts.allKinds')}</Link>
        {KINDS.map((k) => (
          <Link key={k} href={href({ kind: k })} aria-current={kind === k ? 'page' : undefined}>{t('alerts.kind', { kind: k })}</Link>
        ))}
      </nav>
      <div className="toolbar">
        <span className="muted">{all ? t('alerts.showingAll') : t('alerts.showingOpen')}</span>
        <span className="spacer" />
        <Link className="btn btn-sm" href={href({ show: all ? '' : 'all' })}>{all ? t('openOnly') : t('includeAcknowledged')}</Link>
      </div>
      {alerts.length === 0 ? (
        <EmptyState title={all ? t('alerts.noAlerts') : t('alerts.noOpenAlerts')}>{t('alerts.empty')}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="alerts">
            <thead><tr><th>{t('alerts.raised')}</th><th>{t('alerts.kindHeader')}</th><th>{t('alerts.what')}</th><th>{t('alerts.tenant')}</th><th>{t('alerts.status')}</th></tr></thead>
            <tbody>
              {alerts.map((a) => (
                <tr key={a.id}>
                  <td>{when(a.createdAt)}</td>
                  <td><span className={`badge ${TONE[a.severity] ?? 'badge-warning'}`}>{t('alerts.kind', { kind: a.kind })}</span></td>
                  <td>{sayCore(tc, alertText(a), a.message)}{detailLine(t, a.details) && <div className="muted">{detailLine(t, a.details)}</div>}</td>
                  <td>{a.tenant?.name ?? t('platform')}</td>
                  <td>
                    {a.acknowledgedAt ? <span className="muted">{t('acknowledgedAt', { at: a.acknowledgedAt })}</span> : (
                      <ActionButton action={acknowledgeAlertOnListAction} fields={{ alertId: a.id }} label={t('acknowledge')} pendingLabel={t('acknowledging')} />
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
