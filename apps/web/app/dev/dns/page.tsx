import type { Metadata } from 'next';
import Link from 'next/link';
import { devDnsPort, listDevDnsRecords } from '@rundbrief/core/senders/dev-dns';
import { requireOperator } from '@/lib/session';
import { ActionButton } from '@/components/ActionButton';
import { EmptyState } from '@/components/EmptyState';
import { removeDevDnsRecordAction } from './actions';
import { AddRecordForm } from './AddRecordForm';

export const metadata: Metadata = { title: 'Dev DNS' };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** The local development DNS zone (the stack's `dns` process answers from it). */
export default async function DevDnsPage({ searchParams }: { searchParams: Search }) {
  await requireOperator();
  const port = devDnsPort();
  if (port === null) {
    return (
      <div className="stack">
        <div className="page-header"><h1>Dev DNS</h1></div>
        <EmptyState title="The dev DNS is off">
          This installation resolves sender domains through the system&apos;s DNS. For local development set
          DEV_DNS_PORT and DNS_RESOLVER=127.0.0.1:&lt;that port&gt; (npm start does), and restart.
        </EmptyState>
      </div>
    );
  }
  const params = await searchParams;
  const q = typeof params.q === 'string' ? params.q.slice(0, 253) : '';
  const records = await listDevDnsRecords({ search: q });
  return (
    <div className="stack" style={{ gap: 24 }}>
      <div className="page-header">
        <h1>Dev DNS</h1>
        <span className="muted">{records.length} record{records.length === 1 ? '' : 's'}{q ? ' found' : ''}</span>
      </div>
      <p className="muted">
        The DNS server of this machine (127.0.0.1:{port}): sender-domain checks resolve through it, nothing here is public.
        Add the records a domain&apos;s page under <Link href="/app/settings/domains">Settings → Domains</Link> lists (or use its
        publish button), then check the domain. Changes apply at once.
      </p>
      <section aria-labelledby="add-title" className="stack" style={{ maxWidth: 640 }}>
        <h2 id="add-title">Add a record</h2>
        <AddRecordForm />
      </section>
      <section aria-labelledby="records-title" className="stack">
        <h2 id="records-title">Records</h2>
        <form className="toolbar" role="search" action="/dev/dns">
          <label className="sr-only" htmlFor="dns-q">Search by name or value</label>
          <input id="dns-q" name="q" type="search" className="input" style={{ maxWidth: 360 }} defaultValue={q} placeholder="Name or value" />
          <button className="btn btn-sm" type="submit">Search</button>
          {q && <Link className="btn btn-sm btn-ghost" href="/dev/dns">Clear</Link>}
        </form>
        {records.length === 0 ? (
          <EmptyState title={q ? 'No matching records' : 'No records yet'}>
            {q ? 'No record has this name or value.' : 'Every name answers "no such domain" until you add a record.'}
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="dev-dns-records">
              <thead><tr><th>Name</th><th>Type</th><th>Value</th><th><span className="sr-only">Actions</span></th></tr></thead>
              <tbody>
                {records.map((r) => (
                  <tr key={r.id} data-testid="dev-dns-record">
                    <td className="mono">{r.name}</td>
                    <td>{r.type}{r.priority !== null && <span className="muted"> {r.priority}</span>}</td>
                    <td className="mono" style={{ maxWidth: '36rem', overflowWrap: 'anywhere' }}>{r.value}</td>
                    <td>
                      <ActionButton action={removeDevDnsRecordAction} fields={{ recordId: r.id }} label="Delete" pendingLabel="Deleting…"
                        confirm={{ title: `Delete ${r.type} ${r.name}?`, message: 'Lookups of this record fail from now on.', confirmLabel: 'Delete record' }} />
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
