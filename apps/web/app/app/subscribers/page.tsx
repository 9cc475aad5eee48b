import type { Metadata } from 'next';
import Link from 'next/link';
import { listFields, listLists, listSubscribers, subscriberFilterSchema } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { EmptyState } from '@/components/EmptyState';

export const metadata: Metadata = { title: 'Subscribers' };

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
  const next = page.nextCursor ? `?${new URLSearchParams([...query, ['cursor', page.nextCursor]])}` : null;
  return (
    <div className="stack">
      <div className="page-header">
        <h1>Subscribers</h1>
        <div className="toolbar">
          <a className="btn" href={`/app/subscribers/export?${query}`}>Export UTF-8 CSV</a>
          <a className="btn" href={`/app/subscribers/export?${new URLSearchParams([...query, ['format', 'excel-de']])}`}>Export Excel (German)</a>
        </div>
      </div>
      <form className="toolbar" method="get" role="search" aria-label="Filter subscribers">
        <input className="input" name="q" type="search" placeholder="Address prefix, @domain or name" defaultValue={filter.q ?? ''} aria-label="Search" />
        <select className="input" name="status" defaultValue={filter.status ?? ''} aria-label="Status">
          <option value="">Any status</option>
          {['ACTIVE', 'UNSUBSCRIBED', 'BOUNCED', 'COMPLAINED', 'BLOCKED'].map((s) => <option key={s} value={s}>{s.toLowerCase()}</option>)}
        </select>
        <select className="input" name="listId" defaultValue={filter.listId ?? ''} aria-label="List">
          <option value="">Any list</option>
          {lists.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
        </select>
        <select className="input" name="listStatus" defaultValue={filter.listStatus ?? ''} aria-label="Subscription status">
          <option value="">Any subscription</option>
          <option value="CONFIRMED">confirmed</option><option value="PENDING">pending</option><option value="UNSUBSCRIBED">unsubscribed</option>
        </select>
        {fields.length > 0 && (
          <>
            <select className="input" name="field" defaultValue={filter.field ?? ''} aria-label="Field">
              <option value="">Field…</option>
              {fields.map((f) => <option key={f.key} value={f.key}>{f.label}</option>)}
            </select>
            <input className="input" name="fieldValue" placeholder="equals" defaultValue={filter.fieldValue ?? ''} aria-label="Field value" />
          </>
        )}
        <select className="input" name="activeDays" defaultValue={filter.activeDays ? String(filter.activeDays) : ''} aria-label="Last activity">
          <option value="">Any activity</option>
          <option value="30">Active in the last 30 days</option>
          <option value="180">Active in the last 6 months</option>
          <option value="-180">Inactive for 6 months or never</option>
        </select>
        <button className="btn" type="submit">Filter</button>
        {query.size > 0 && <Link className="btn btn-ghost" href="/app/subscribers">Reset</Link>}
      </form>
      {!parsed.success && <div className="alert alert-warning" role="status">Some filters were not valid and were ignored.</div>}
      {page.items.length === 0 ? (
        <EmptyState title="No subscribers found">Subscribers arrive through signup forms, CSV imports and the API.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="subscribers-table">
            <thead><tr><th>Email</th><th>Name</th><th>Status</th><th>Last activity</th><th>Added</th></tr></thead>
            <tbody>
              {page.items.map((s) => (
                <tr key={s.id}>
                  <td><Link href={`/app/subscribers/${s.id}`}>{s.email}</Link></td>
                  <td>{[s.firstName, s.lastName].filter(Boolean).join(' ')}</td>
                  <td><span className={`badge ${TONE[s.status] ?? 'badge-neutral'}`}>{s.status.toLowerCase()}</span></td>
                  <td>{s.lastActivityAt ? s.lastActivityAt.toISOString().slice(0, 10) : '—'}</td>
                  <td>{s.createdAt.toISOString().slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Pagination" className="toolbar">
        {sp.cursor && <Link className="btn" href={`?${query}`}>First page</Link>}
        {next && <Link className="btn" href={next} rel="next">Next page</Link>}
      </nav>
    </div>
  );
}
