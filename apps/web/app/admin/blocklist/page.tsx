import type { Metadata } from 'next';
import { listBlockedEntries } from '@rundbrief/core/platform/platform-blocklist';
import { requireOperator } from '@/lib/session';
import { ActionButton } from '@/components/ActionButton';
import { EmptyState } from '@/components/EmptyState';
import { removeBlockedAction } from './actions';
import { AddBlockedForm } from './AddBlockedForm';

export const metadata: Metadata = { title: 'Platform blocklist' };

const when = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

export default async function BlocklistPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  await requireOperator();
  const q = (await searchParams).q?.slice(0, 320) ?? '';
  const entries = await listBlockedEntries({ search: q });
  return (
    <div className="stack" style={{ gap: 24 }}>
      <div className="page-header"><h1>Platform blocklist</h1></div>
      <p className="muted">
        Addresses and domains no tenant may subscribe or send to: spam traps, honeypots, domains that feed spam into
        sign-up forms, disposable-mail services. Sign-up, import and campaign sends all check this list.
      </p>
      <section aria-labelledby="add-title" className="stack" style={{ maxWidth: 560 }}>
        <h2 id="add-title">Add an entry</h2>
        <AddBlockedForm />
      </section>
      <section aria-labelledby="entries-title" className="stack">
        <h2 id="entries-title">Entries</h2>
        <form className="toolbar" role="search">
          <label className="sr-only" htmlFor="q">Search entries</label>
          <input id="q" name="q" className="input" defaultValue={q} placeholder="Search" />
          <button className="btn btn-sm" type="submit">Search</button>
        </form>
        {entries.length === 0 ? <EmptyState title={q ? 'No matching entries' : 'The blocklist is empty'}>Entries you add appear here.</EmptyState> : (
          <div className="table-wrap">
            <table className="table" data-testid="blocklist">
              <thead><tr><th>Address or domain</th><th>Kind</th><th>Note</th><th>Added</th><th><span className="sr-only">Actions</span></th></tr></thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id}>
                    <td className="mono">{e.value}</td>
                    <td>{e.kind.toLowerCase().replaceAll('_', ' ')}</td>
                    <td>{e.note ?? <span className="muted">—</span>}</td>
                    <td>{when(e.createdAt)}</td>
                    <td>
                      <ActionButton action={removeBlockedAction} fields={{ entryId: e.id }} label="Remove" pendingLabel="Removing…"
                        confirm={{ title: `Remove ${e.value}?`, message: 'Tenants can subscribe and send to it again.', confirmLabel: 'Remove' }} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
