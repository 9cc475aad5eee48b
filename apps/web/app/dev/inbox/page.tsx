import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { listSinkMessages } from '@rundbrief/core/platform/sink-inbox';
import { requireOperatorActor } from '@/lib/operator-actor';
import { Pagination, pageParam } from '@/components/Pagination';
import { EmptyState } from '@/components/EmptyState';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('dev'))('inbox.title') };
}

// Sink mail is inspected to the second.
const WITH_SECONDS = { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' } as const;

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function InboxPage({ searchParams }: { searchParams: Search }) {
  const actor = await requireOperatorActor();
  const params = await searchParams;
  const q = typeof params.q === 'string' ? params.q : '';
  const { rows, total, page, pageSize } = await listSinkMessages(actor, { q, page: pageParam(params.page) });
  const [t, format] = await Promise.all([getTranslations('dev'), getFormatter()]);
  const href = (p: number) => `/dev/inbox?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;

  return (
    <div>
      <div className="page-header">
        <h1>{t('inbox.title')}</h1>
        <span className="muted">{t('inbox.count', { count: total })}</span>
      </div>
      <p className="muted">{t('inbox.intro')}</p>
      <form className="toolbar" role="search" action="/dev/inbox">
        <label className="sr-only" htmlFor="inbox-q">{t('inbox.searchLabel')}</label>
        <input id="inbox-q" className="input" style={{ maxWidth: 360 }} name="q" type="search" defaultValue={q} placeholder={t('inbox.searchPlaceholder')} />
        <button className="btn" type="submit">{t('search')}</button>
        {q && <Link className="btn btn-ghost" href="/dev/inbox">{t('clear')}</Link>}
      </form>
      {rows.length === 0 ? (
        <EmptyState title={q ? t('inbox.noMatches') : t('inbox.empty')}>
          {q ? t('inbox.noMatchesBody') : t('inbox.emptyBody')}
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr><th>{t('inbox.received')}</th><th>{t('inbox.from')}</th><th>{t('inbox.to')}</th><th>{t('inbox.subject')}</th><th>{t('inbox.sourceIp')}</th><th>{t('inbox.helo')}</th></tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.id}>
                  <td><time dateTime={m.receivedAt.toISOString()}>{format.dateTime(m.receivedAt, WITH_SECONDS)}</time></td>
                  <td>{m.fromHeader ?? m.mailFrom}</td>
                  <td>{m.toHeader ?? m.rcptTo.join(', ')}</td>
                  <td><Link href={`/dev/inbox/${m.id}`}>{m.subject || t('noSubject')}</Link></td>
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
