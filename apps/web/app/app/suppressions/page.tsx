import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { can, listSuppressions } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { AddSuppressionForm, ImportSuppressionsForm, RemoveSuppressionForm } from './SuppressionForms';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('suppressions'))('title') };
}

export default async function SuppressionsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { tenantId, role } = await requireMember();
  const { q, cursor } = await searchParams;
  const page = await listSuppressions({ tenantId }, { q, cursor: cursor ?? null }).catch(() => listSuppressions({ tenantId }, { q }));
  const write = can(role, 'audience.write');
  const [t, format] = await Promise.all([getTranslations('suppressions'), getFormatter()]);
  return (
    <div className="stack">
      <div className="page-header">
        <h1>{t('title')}</h1>
        <div className="toolbar">
          <a className="btn" href="/app/suppressions/export">{t('export')}</a>
          <a className="btn" href="/app/suppressions/export?format=excel-de">{t('exportExcel')}</a>
        </div>
      </div>
      <p className="muted">{t('intro')}</p>
      <form className="toolbar" method="get" role="search" aria-label={t('searchLabel')}>
        <input className="input" type="search" name="q" defaultValue={q ?? ''} placeholder={t('searchPlaceholder')} aria-label={t('searchLabel')} />
        <button className="btn">{t('search')}</button>
      </form>
      <div className="table-wrap">
        <table className="table" data-testid="suppressions">
          <thead><tr><th>{t('columns.address')}</th><th>{t('columns.reason')}</th><th>{t('columns.source')}</th><th>{t('columns.added')}</th>{write && <th>{t('columns.remove')}</th>}</tr></thead>
          <tbody>
            {page.items.map((s) => (
              <tr key={s.id}>
                <td>{s.email ?? <span className="muted">{t('erased')}</span>}</td>
                <td>{t('reason', { reason: s.reason })}{s.note ? <div className="hint">{s.note}</div> : null}</td>
                <td>{s.source ?? ''}</td>
                <td>{format.dateTime(s.createdAt, 'date')}</td>
                {write && <td>{s.reason !== 'ERASED' && <RemoveSuppressionForm id={s.id} />}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.nextCursor && <Link className="btn" href={`?${new URLSearchParams({ ...(q ? { q } : {}), cursor: page.nextCursor })}`}>{t('nextPage')}</Link>}
      {write && <div className="grid-cards"><AddSuppressionForm /><ImportSuppressionsForm /></div>}
    </div>
  );
}
