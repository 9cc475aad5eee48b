import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { can, listLists } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { EmptyState } from '@/components/EmptyState';
import { CreateListForm } from './CreateListForm';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('lists'))('title') };
}

export default async function ListsPage() {
  const { tenantId, role } = await requireMember();
  const [lists, t, format] = await Promise.all([listLists({ tenantId }), getTranslations('lists'), getFormatter()]);
  return (
    <div className="stack">
      <div className="page-header"><h1>{t('title')}</h1></div>
      {lists.length === 0 ? (
        <EmptyState title={t('empty.title')}>{t('empty.body')}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>{t('columns.list')}</th><th>{t('columns.optIn')}</th><th className="num">{t('columns.confirmed')}</th><th className="num">{t('columns.pending')}</th><th className="num">{t('columns.unsubscribed')}</th></tr></thead>
            <tbody>
              {lists.map((l) => (
                <tr key={l.id}>
                  <td><Link href={`/app/lists/${l.id}`}>{l.name}</Link></td>
                  <td>{t('optInMode', { mode: l.optInMode })}</td>
                  <td className="num">{format.number(l.confirmed)}</td>
                  <td className="num">{format.number(l.pending)}</td>
                  <td className="num">{format.number(l.unsubscribed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {can(role, 'audience.write') && <CreateListForm />}
    </div>
  );
}
