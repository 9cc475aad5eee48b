import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { CAMPAIGN_STATUSES, listCampaigns, listTemplates } from '@rundbrief/core/authoring/index';
import { requireMember } from '@/lib/session';
import { CampaignStatusBadge } from '@/components/StatusBadge';
import { Pagination, pageParam } from '@/components/Pagination';
import { ProgressBar } from '@/components/ProgressBar';
import { NewCampaignForm } from './NewCampaignForm';

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
const PAGE_SIZE = 25;
const ACTIVE = new Set(['SENDING', 'PAUSED', 'AUTO_PAUSED']);

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('campaigns'))('title') };
}

export default async function CampaignsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { tenantId } = await requireMember('VIEWER');
  const sp = await searchParams;
  const template = one(sp.template);
  // Unknown values in the address bar (a stale link, a typo) mean "no filter", not an error page.
  const q = one(sp.q)?.slice(0, 200);
  const status = CAMPAIGN_STATUSES.find((s) => s === one(sp.status));
  const [campaigns, templates] = await Promise.all([
    listCampaigns({ tenantId }, { q, status, page: pageParam(sp.page), pageSize: PAGE_SIZE }),
    listTemplates({ tenantId }),
  ]);
  const [t, tc, format] = await Promise.all([getTranslations('campaigns'), getTranslations('common'), getFormatter()]);
  const filtered = Boolean(q || status);
  const href = (p: number) => {
    const u = new URLSearchParams();
    if (q) u.set('q', q);
    if (status) u.set('status', status);
    u.set('page', String(p));
    return `/app/campaigns?${u}`;
  };
  return (
    <div className="stack" style={{ gap: 24 }}>
      <div className="page-header"><h1>{t('title')}</h1></div>
      <section className="card" aria-labelledby="new-h">
        <h2 id="new-h" className="card-title">{t('newTitle')}</h2>
        <NewCampaignForm templates={templates.map((t) => ({ id: t.id, name: t.name }))} templateId={template ?? ''} />
      </section>
      <section className="card" aria-labelledby="list-h">
        <h2 id="list-h" className="card-title">{t('allTitle')}</h2>
        <form className="toolbar" method="get" role="search" aria-label={t('search.label')} style={{ alignItems: 'flex-end' }}>
          <div className="field"><label className="label" htmlFor="c-q">{t('search.q')}</label><input id="c-q" name="q" type="search" maxLength={200} defaultValue={q ?? ''} /></div>
          <div className="field">
            <label className="label" htmlFor="c-status">{t('search.status')}</label>
            <select id="c-status" name="status" defaultValue={status ?? ''}>
              <option value="">{t('search.all')}</option>
              {CAMPAIGN_STATUSES.map((s) => <option key={s} value={s}>{tc('campaignStatus', { status: s })}</option>)}
            </select>
          </div>
          <div className="field"><button className="btn">{t('search.submit')}</button></div>
          {filtered && <div className="field"><Link className="btn btn-ghost" href="/app/campaigns">{t('search.clear')}</Link></div>}
        </form>
        {campaigns.total === 0 ? (
          <p className="empty-state" data-testid="campaigns-empty">{filtered ? t('noMatch') : t('empty')}</p>
        ) : (
          <>
            <p className="muted" data-testid="campaigns-total">{t('total', { count: campaigns.total })}</p>
            <div className="table-wrap">
              <table className="table">
                <thead><tr><th scope="col">{t('columns.name')}</th><th scope="col">{t('columns.subject')}</th><th scope="col">{t('columns.status')}</th><th scope="col">{t('columns.scheduled')}</th><th scope="col">{t('columns.sent')}</th></tr></thead>
                <tbody>
                  {campaigns.data.map((c) => (
                    <tr key={c.id}>
                      <td><Link href={`/app/campaigns/${c.id}`}>{c.name}</Link></td>
                      <td>{c.subject || <span className="muted">—</span>}</td>
                      <td><CampaignStatusBadge status={c.status} /></td>
                      <td>{c.scheduledAt ? format.dateTime(c.scheduledAt, 'dateTime') : tc('none')}</td>
                      <td style={{ minWidth: 160 }}>
                        {ACTIVE.has(c.status) && c.recipientCount > 0
                          ? <ProgressBar value={c.sentCount} max={c.recipientCount} label={t('sentOf', { name: c.name })} />
                          : t('sentCount', { sent: c.sentCount, recipients: c.recipientCount })}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination page={campaigns.page} pageSize={campaigns.pageSize} total={campaigns.total} href={href} />
          </>
        )}
      </section>
    </div>
  );
}
