import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { AUDIT_PAGE_SIZE, listAuditLog } from '@rundbrief/core';
import { requireCtx } from '@/lib/session';
import { Pagination, pageParam } from '@/components/Pagination';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('settings.audit'))('title') };
}

/** The log's times to the second (the named 'dateTime' format stops at minutes); UTC like every time shown. */
const SECONDS = { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' } as const;

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
/** yyyy-mm-dd from a date input; anything else is ignored rather than failing the page. */
const day = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? new Date(`${v}T00:00:00Z`) : undefined);

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await requireCtx('ADMIN');
  const sp = await searchParams;
  const filter = { action: one(sp.action), actor: one(sp.actor), from: day(one(sp.from)), to: day(one(sp.to)) };
  // "to" is inclusive for the user: the whole day.
  const to = filter.to ? new Date(filter.to.getTime() + 86_400_000) : undefined;
  const page = pageParam(sp.page);
  const log = await listAuditLog(ctx, { page, filter: { ...filter, to } });
  const [t, format] = await Promise.all([getTranslations('settings.audit'), getFormatter()]);
  const query = (p: number) => {
    const q = new URLSearchParams();
    for (const k of ['action', 'actor', 'from', 'to'] as const) {
      const v = one(sp[k]);
      if (v) q.set(k, v);
    }
    q.set('page', String(p));
    return `/app/settings/audit?${q}`;
  };
  return (
    <section className="card stack" aria-labelledby="audit-h">
      <h2 id="audit-h" className="card-title">{t('title')}</h2>
      <form className="toolbar" method="get" role="search" aria-label={t('filterLabel')} style={{ alignItems: 'flex-end' }}>
        <div className="field">
          <label className="label" htmlFor="f-action">{t('action')}</label>
          <select id="f-action" name="action" defaultValue={filter.action ?? ''}>
            <option value="">{t('allActions')}</option>
            {log.actions.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </div>
        <div className="field"><label className="label" htmlFor="f-actor">{t('who')}</label><input id="f-actor" name="actor" defaultValue={filter.actor ?? ''} placeholder={t('whoPlaceholder')} /></div>
        <div className="field"><label className="label" htmlFor="f-from">{t('from')}</label><input id="f-from" name="from" type="date" defaultValue={one(sp.from) ?? ''} /></div>
        <div className="field"><label className="label" htmlFor="f-to">{t('to')}</label><input id="f-to" name="to" type="date" defaultValue={one(sp.to) ?? ''} /></div>
        <div className="field"><button className="btn">{t('filter')}</button></div>
      </form>
      <p className="muted">{t('total', { count: log.total })}</p>
      {log.rows.length === 0 ? (
        <p className="empty-state">{t('empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th scope="col">{t('columns.when')}</th><th scope="col">{t('columns.who')}</th><th scope="col">{t('columns.action')}</th><th scope="col">{t('columns.target')}</th><th scope="col">{t('columns.ip')}</th><th scope="col">{t('columns.details')}</th></tr></thead>
            <tbody>
              {log.rows.map((r) => (
                <tr key={r.id}>
                  <td>{format.dateTime(r.createdAt, SECONDS)}</td>
                  <td>{r.actor ?? <span className="muted">{t('system')}</span>}</td>
                  <td><span className="badge badge-neutral mono">{r.action}</span></td>
                  <td>{r.target}</td>
                  <td className="mono">{r.ip}</td>
                  <td className="mono" style={{ fontSize: '0.8em', maxWidth: 320, overflowWrap: 'anywhere' }}>
                    {r.details && Object.keys(r.details as object).length ? JSON.stringify(r.details) : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={log.page} pageSize={AUDIT_PAGE_SIZE} total={log.total} href={query} />
    </section>
  );
}
