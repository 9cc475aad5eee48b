import type { Metadata } from 'next';
import Link from 'next/link';
import { listSinkMessages } from '@rundbrief/core/platform/sink-inbox';
import { requireOperator } from '@/lib/session';
import { Pagination, pageParam } from '@/components/Pagination';
import { EmptyState } from '@/components/EmptyState';

export const metadata: Metadata = { title: 'Mail sink inbox' };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function InboxPage({ searchParams }: { searchParams: Search }) {
  await requireOperator();
  const params = await searchParams;
  const q = typeof params.q === 'string' ? params.q : '';
  const { rows, total, page, pageSize } = await listSinkMessages({ q, page: pageParam(params.page) });
  const href = (p: number) => `/dev/inbox?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;

  return (
    <div>
      <div className="page-header">
        <h1>Mail sink inbox</h1>
        <span className="muted">{total.toLocaleString('en')} message{total === 1 ? '' : 's'}</span>
      </div>
      <p className="muted">Everything the local SMTP sink received. Nothing here left the machine.</p>
      <form className="toolbar" role="search" action="/dev/inbox">
        <label className="sr-only" htmlFor="inbox-q">Search by recipient or subject</label>
        <input id="inbox-q" className="input" style={{ maxWidth: 360 }} name="q" type="search" defaultValue={q} placeholder="Recipient or subject" />
        <button className="btn" type="submit">Search</button>
        {q && <Link className="btn btn-ghost" href="/dev/inbox">Clear</Link>}
      </form>
      {rows.length === 0 ? (
        <EmptyState title={q ? 'No matching mail' : 'The inbox is empty'}>
          {q ? 'No message matches this recipient or subject.' : 'Mail the worker sends to the sink appears here within seconds.'}
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr><th>Received</th><th>From</th><th>To</th><th>Subject</th><th>Source IP</th><th>HELO</th></tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.id}>
                  <td><time dateTime={m.receivedAt.toISOString()}>{m.receivedAt.toISOString().replace('T', ' ').slice(0, 19)}</time></td>
                  <td>{m.fromHeader ?? m.mailFrom}</td>
                  <td>{m.toHeader ?? m.rcptTo.join(', ')}</td>
                  <td><Link href={`/dev/inbox/${m.id}`}>{m.subject || '(no subject)'}</Link></td>
                  <td className="mono" data-testid="remote-ip">{m.remoteIp}</td>
                  <td className="mono">{m.heloName ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} href={href} />
    </div>
  );
}
