import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { listBlockedEntries } from '@rundbrief/core/platform/platform-blocklist';
import { requireOperatorActor } from '@/lib/operator-actor';
import { ActionButton } from '@/components/ActionButton';
import { EmptyState } from '@/components/EmptyState';
import { removeBlockedAction } from './actions';
import { AddBlockedForm } from './AddBlockedForm';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin'))('blocklist.title') };
}

export default async function BlocklistPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const actor = await requireOperatorActor();
  const q = (await searchParams).q?.slice(0, 320) ?? '';
  const entries = await listBlockedEntries(actor, { search: q });
  const [t, format] = await Promise.all([getTranslations('admin'), getFormatter()]);
  return (
    <div className="stack" style={{ gap: 24 }}>
      <div className="page-header"><h1>{t('blocklist.title')}</h1></div>
      <p className="muted">{t('blocklist.intro')}</p>
      <section aria-labelledby="add-title" className="stack" style={{ maxWidth: 560 }}>
        <h2 id="add-title">{t('blocklist.addTitle')}</h2>
        <AddBlockedForm />
      </section>
      <section aria-labelledby="entries-title" className="stack">
        <h2 id="entries-title">{t('blocklist.entries')}</h2>
        <form className="toolbar" role="search">
          <label className="sr-only" htmlFor="q">{t('blocklist.searchLabel')}</label>
          <input id="q" name="q" className="input" defaultValue={q} placeholder={t('blocklist.search')} />
          <button className="btn btn-sm" type="submit">{t('blocklist.search')}</button>
        </form>
        {entries.length === 0 ? <EmptyState title={q ? t('blocklist.noMatches') : t('blocklist.empty')}>{t('blocklist.emptyBody')}</EmptyState> : (
          <div className="table-wrap">
            <table className="table" data-testid="blocklist">
              <thead><tr><th>{t('blocklist.value')}</th><th>{t('blocklist.kind')}</th><th>{t('blocklist.note')}</th><th>{t('blocklist.added')}</th><th><span className="sr-only">{t('actions')}</span></th></tr></thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id}>
                    <td className="mono">{e.value}</td>
                    <td>{t('blocklist.kindName', { kind: e.kind })}</td>
                    <td>{e.note ?? <span className="muted">—</span>}</td>
                    <td>{format.dateTime(e.createdAt, 'dateTime')}</td>
                    <td>
                      <ActionButton action={removeBlockedAction} fields={{ entryId: e.id }} label={t('remove')} pendingLabel={t('removing')}
                        confirm={{ title: t('blocklist.removeTitle', { value: e.value }), message: t('blocklist.removeMessage'), confirmLabel: t('remove') }} />
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
