import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { listFields, listLists, listSubscribers, subscriberFilterSchema } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { EmptyState } from '@/components/EmptyState';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('subscribers'))('title') };
}

type Props = { searchParams: Promise<Record<string, string | undefined>> };

const TONE: Record<string, string> = { ACTIVE: 'badge-success', UNSUBSCRIBED: 'badge-neutral', BOUNCED: 'badge-danger', COMPLAINED: 'badge-danger', BLOCKED: 'badge-danger' };

export default async function SubscribersPage({ searchParams }: Props) {
  const { tenantId } = await requireMember();
  const sp = await searchParams;
  const parsed = subscriberFilterSchema.safeParse(Object.fromEntries(Object.entries(sp).filter(([k, v]) => k !== 'cursor' && v)));
  const filter = parsed.success ? parsed.data : {};
  const [page, lists, fields] = await Promise.all([
    listSubscribers({ tenantId }, { filter, cursor: sp.cursor ?? null }).catch(() => listSubscribers({ tenantId }, { filter })),
    listLists({ tenantId }),
    listFields({ tenantId }),
  ]);
  const query = new URLSearchParams(Object.entries(filter).map(([k, v]) => [k, String(v)]));
  const [t, format] = await Promise.all([getTranslations('subscribers'), getFormatter()]);
  const next = page.nextCursor ? `?${new URLSearchParams([...query, ['cursor', page.nextCursor]])}` : null;
  return (
    <div className="stack">
      <div className="page-header">
        <h1>{t('title')}</h1>
        <div className="toolbar">
          <a className="btn" href={`/app/subscribers/export?${query}`}>{t('exportUtf8')}</a>
          <a className="btn" href={`/app/subscribers/export?${new URLSearchParams([...query, ['format', 'excel-de']])}`}>{t('exportExcel')}</a>
        </div>
      </div>
      <form className="toolbar" method="get" role="search" aria-label={t('filter.label')}>
        <input className="input" name="q" type="search" placeholder={t('filter.searchPlaceholder')} defaultValue={filter.q ?? ''} aria-label={t('filter.search')} />
        <select className="input" name="status" defaultValue={filter.status ?? ''} aria-label={t('filter.status')}>
          <option value="">{t('filter.anyStatus')}</option>
          {['ACTIVE', 'UNSUBSCRIBED', 'BOUNCED', 'COMPLAINED', 'BLOCKED'].map((s) => <option key={s} value={s}>{t('status', { status: s })}</option>)}
        </select>
        <select className="input" name="listId" defaultValue={filter.listId ?? ''} aria-label={t('filter.list')}>
          <option value="">{t('filter.anyList')}</option>
          {lists.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
        </select>
        <select className="input" name="listStatus" defaultValue={filter.listStatus ?? ''} aria-label={t('filter.subscriptionStatus')}>
          <option value="">{t('filter.anySubscription')}</option>
          {(['CONFIRMED', 'PENDING', 'UNSUBSCRIBED'] as const).map((s) => <option key={s} value={s}>{t('subscriptionStatus', { status: s })}</option>)}
        </select>
        {fields.length > 0 && (
          <>
            <select className="input" name="field" defaultValue={filter.field ?? ''} aria-label={t('filter.field')}>
              <option value="">{t('filter.fieldPlaceholder')}</option>
              {fields.map((f) => <option key={f.key} value={f.key}>{f.label}</option>)}
            </select>
            <input className="input" name="fieldValue" placeholder={t('filter.fieldValuePlaceholder')} defaultValue={filter.fieldValue ?? ''} aria-label={t('filter.fieldValue')} />
          </>
        )}
        <select className="input" name="activeDays" defaultValue={filter.activeDays ? String(filter.activeDays) : ''} aria-label={t('filter.activity')}>
          <option value="">{t('filter.anyActivity')}</option>
          <option value="30">{t('filter.activeDays', { days: 30 })}</option>
          <option value="180">{t('filter.activeMonths', { months: 6 })}</option>
          <option value="-180">{t('filter.inactiveMonths', { months: 6 })}</option>
        </select>
        <button className="btn" type="submit">{t('filter.submit')}</button>
        {query.size > 0 && <Link className="btn btn-ghost" href="/app/subscribers">{t('filter.reset')}</Link>}
      </form>
      {!parsed.success && <div className="alert alert-warning" role="status">{t('filter.invalid')}</div>}
      {page.items.length === 0 ? (
        <EmptyState title={t('empty.title')}>{t('empty.body')}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="subscribers-table">
            <thead><tr><th>{t('columns.email')}</th><th>{t('columns.name')}</th><th>{t('columns.status')}</th><th>{t('columns.lastActivity')}</th><th>{t('columns.added')}</th></tr></thead>
            <tbody>
              {page.items.map((s) => (
                <tr key={s.id}>
                  <td><Link href={`/app/subscribers/${s.id}`}>{s.email}</Link></td>
                  <td>{[s.firstName, s.lastName].filter(Boolean).join(' ')}</td>
                  <td><span className={`badge ${TONE[s.status] ?? 'badge-neutral'}`}>{t('status', { status: s.status })}</span></td>
                  <td>{s.lastActivityAt ? format.dateTime(s.lastActivityAt, 'date') : '—'}</td>
                  <td>{format.dateTime(s.createdAt, 'date')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label={t('pagination')} className="toolbar">
        {sp.cursor && <Link className="btn" href={`?${query}`}>{t('firstPage')}</Link>}
        {next && <Link className="btn" href={next} rel="next">{t('nextPage')}</Link>}
      </nav>
    </div>
  );
}
