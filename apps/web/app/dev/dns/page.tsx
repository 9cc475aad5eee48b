import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { devDnsPort, listDevDnsRecords } from '@rundbrief/core/senders/dev-dns';
import { requireOperatorActor } from '@/lib/operator-actor';
import { ActionButton } from '@/components/ActionButton';
import { EmptyState } from '@/components/EmptyState';
import { removeDevDnsRecordAction } from './actions';
import { AddRecordForm } from './AddRecordForm';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('dev'))('dns.title') };
}

type Search = Promise<Record<string, string | string[] | undefined>>;

/** The local development DNS zone (the stack's `dns` process answers from it). */
export default async function DevDnsPage({ searchParams }: { searchParams: Search }) {
  const actor = await requireOperatorActor();
  const port = devDnsPort();
  const t = await getTranslations('dev');
  if (port === null) {
    return (
      <div className="stack">
        <div className="page-header"><h1>{t('dns.title')}</h1></div>
        <EmptyState title={t('dns.offTitle')}>{t('dns.offBody')}</EmptyState>
      </div>
    );
  }
  const params = await searchParams;
  const q = typeof params.q === 'string' ? params.q.slice(0, 253) : '';
  const records = await listDevDnsRecords(actor, { search: q });
  return (
    <div className="stack" style={{ gap: 24 }}>
      <div className="page-header">
        <h1>{t('dns.title')}</h1>
        <span className="muted">{t(q ? 'dns.countFound' : 'dns.count', { count: records.length })}</span>
      </div>
      <p className="muted">
        {t.rich('dns.intro', { port: String(port), link: (c) => <Link href="/app/settings/domains">{c}</Link> })}
      </p>
      <section aria-labelledby="add-title" className="stack" style={{ maxWidth: 640 }}>
        <h2 id="add-title">{t('dns.addTitle')}</h2>
        <AddRecordForm />
      </section>
      <section aria-labelledby="records-title" className="stack">
        <h2 id="records-title">{t('dns.recordsTitle')}</h2>
        <form className="toolbar" role="search" action="/dev/dns">
          <label className="sr-only" htmlFor="dns-q">{t('dns.searchLabel')}</label>
          <input id="dns-q" name="q" type="search" className="input" style={{ maxWidth: 360 }} defaultValue={q} placeholder={t('dns.searchPlaceholder')} />
          <button className="btn btn-sm" type="submit">{t('search')}</button>
          {q && <Link className="btn btn-sm btn-ghost" href="/dev/dns">{t('clear')}</Link>}
        </form>
        {records.length === 0 ? (
          <EmptyState title={q ? t('dns.noMatches') : t('dns.noRecords')}>
            {q ? t('dns.noMatchesBody') : t('dns.noRecordsBody')}
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="dev-dns-records">
              <thead><tr><th>{t('dns.name')}</th><th>{t('dns.type')}</th><th>{t('dns.value')}</th><th><span className="sr-only">{t('actions')}</span></th></tr></thead>
              <tbody>
                {records.map((r) => (
                  <tr key={r.id} data-testid="dev-dns-record">
                    <td className="mono">{r.name}</td>
                    <td>{r.type}{r.priority !== null && <span className="muted"> {r.priority}</span>}</td>
                    <td className="mono" style={{ maxWidth: '36rem', overflowWrap: 'anywhere' }}>{r.value}</td>
                    <td>
                      <ActionButton action={removeDevDnsRecordAction} fields={{ recordId: r.id }} label={t('dns.delete')} pendingLabel={t('dns.deleting')}
                        confirm={{ title: t('dns.deleteTitle', { type: r.type, name: r.name }), message: t('dns.deleteMessage'), confirmLabel: t('dns.deleteConfirm') }} />
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
