import type { Metadata } from 'next';
import Link from 'next/link';
import { can, listSuppressions } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { AddSuppressionForm, ImportSuppressionsForm, RemoveSuppressionForm } from './SuppressionForms';

export const metadata: Metadata = { title: 'Suppression list' };

export default async function SuppressionsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { tenantId, role } = await requireMember();
  const { q, cursor } = await searchParams;
  const page = await listSuppressions({ tenantId }, { q, cursor: cursor ?? null }).catch(() => listSuppressions({ tenantId }, { q }));
  const write = can(role, 'audience.write');
  return (
    <div className="stack">
      <div className="page-header">
        <h1>Suppression list</h1>
        <a className="btn" href="/app/suppressions/export">Export CSV</a>
      </div>
      <p className="muted">Suppressed addresses are never mailed, whatever list they are on, and cannot be re-imported.</p>
      <form className="toolbar" method="get" role="search">
        <input className="input" type="search" name="q" defaultValue={q ?? ''} placeholder="Address prefix" aria-label="Search suppressions" />
        <button className="btn">Search</button>
      </form>
      <div className="table-wrap">
        <table className="table" data-testid="suppressions">
          <thead><tr><th>Address</th><th>Reason</th><th>Source</th><th>Added</th>{write && <th>Remove</th>}</tr></thead>
          <tbody>
            {page.items.map((s) => (
              <tr key={s.id}>
                <td>{s.email ?? <span className="muted">erased (fingerprint only)</span>}</td>
                <td>{s.reason.toLowerCase().replace('_', ' ')}{s.note ? <div className="hint">{s.note}</div> : null}</td>
                <td>{s.source ?? ''}</td>
                <td>{s.createdAt.toISOString().slice(0, 10)}</td>
                {write && <td>{s.reason !== 'ERASED' && <RemoveSuppressionForm id={s.id} />}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.nextCursor && <Link className="btn" href={`?${new URLSearchParams({ ...(q ? { q } : {}), cursor: page.nextCursor })}`}>Next page</Link>}
      {write && <div className="grid-cards"><AddSuppressionForm /><ImportSuppressionsForm /></div>}
    </div>
  );
}
