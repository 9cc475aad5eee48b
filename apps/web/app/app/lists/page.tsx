import type { Metadata } from 'next';
import Link from 'next/link';
import { can, listLists } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { EmptyState } from '@/components/EmptyState';
import { CreateListForm } from './CreateListForm';

export const metadata: Metadata = { title: 'Lists' };

export default async function ListsPage() {
  const { tenantId, role } = await requireMember();
  const lists = await listLists({ tenantId });
  return (
    <div className="stack">
      <div className="page-header"><h1>Lists</h1></div>
      {lists.length === 0 ? (
        <EmptyState title="No lists yet">Create a list, then share its signup form or import a CSV file.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>List</th><th>Opt-in</th><th className="num">Confirmed</th><th className="num">Pending</th><th className="num">Unsubscribed</th></tr></thead>
            <tbody>
              {lists.map((l) => (
                <tr key={l.id}>
                  <td><Link href={`/app/lists/${l.id}`}>{l.name}</Link></td>
                  <td>{l.optInMode.toLowerCase()}</td>
                  <td className="num">{l.confirmed.toLocaleString('en')}</td>
                  <td className="num">{l.pending.toLocaleString('en')}</td>
                  <td className="num">{l.unsubscribed.toLocaleString('en')}</td>
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
