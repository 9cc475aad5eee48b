// The subscriber's own page (linked from every mail): what we hold, the consent proof,
// a JSON download and erasure. List choices and pausing are added by the preferences area.
import type { Metadata } from 'next';
import { getFormatter } from 'next-intl/server';
import { DomainError, exportSubscriberData, subscriberByPreferencesToken } from '@rundbrief/core';
import styles from '../../f/[publicId]/public.module.css';
import { PublicFooter } from '@/components/PublicFooter';
import { EraseForm } from './EraseForm';
import { FreshLinkForm } from './FreshLinkForm';
import { ListsAndPause } from './ListsAndPause';
import { InLanguage, translationsIn } from '@/i18n/in-language';
import { preferencesLocale } from '@/i18n/subscriber';

export const dynamic = 'force-dynamic';
export async function generateMetadata({ params }: { params: Promise<{ token: string }> }): Promise<Metadata> {
  const t = await translationsIn(await preferencesLocale((await params).token), 'public.data');
  return { title: t('title'), robots: { index: false } };
}

export default async function SubscriberDataPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // The language of the subscriber's lists (issue 14); an expired or unknown link: the visitor's.
  const locale = await preferencesLocale(token);
  const [t, format] = await Promise.all([translationsIn(locale, 'public'), locale ? getFormatter({ locale }) : getFormatter()]);
  const when = (d: Date | string | null) => (d ? format.dateTime(new Date(d), 'dateTime') : '—');
  let data: Awaited<ReturnType<typeof exportSubscriberData>>;
  try {
    const { tenantId, subscriberId } = await subscriberByPreferencesToken(token);
    data = await exportSubscriberData({ tenantId }, subscriberId);
  } catch (e) {
    if (e instanceof DomainError && e.code === 'GONE') {
      return (
        <main className={styles.wrap}>
          <h1>{t('data.expiredHeading')}</h1>
          <p>{t('data.expiredBody')}</p>
          <FreshLinkForm token={token} />
        </main>
      );
    }
    if (!(e instanceof DomainError) || e.code !== 'NOT_FOUND') throw e;
    return (
      <main className={styles.wrap}>
        <h1>{t('data.noData')}</h1>
        <p>{t('data.noDataBody')}</p>
      </main>
    );
  }
  const s = data.subscriber;
  return (
    <InLanguage locale={locale ?? 'en'}>
    <main className={styles.wrap} style={{ maxWidth: 720 }} lang={locale}>
      <h1>{t('data.heading', { controller: data.controller.name })}</h1>
      <section className="stack" aria-labelledby="profile">
        <h2 id="profile">{t('data.profile')}</h2>
        <dl>
          <dt>{t('data.email')}</dt><dd data-testid="data-email">{s.email}</dd>
          <dt>{t('data.name')}</dt><dd>{[s.firstName, s.lastName].filter(Boolean).join(' ') || '—'}</dd>
          {Object.entries(s.attributes as Record<string, unknown>).map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{String(v)}</dd></div>)}
          <dt>{t('data.status')}</dt><dd>{t('data.subscriberStatus', { status: s.status })}</dd>
        </dl>
      </section>
      <section aria-labelledby="lists">
        <h2 id="lists">{t('data.lists')}</h2>
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>{t('data.columns.list')}</th><th>{t('data.columns.status')}</th><th>{t('data.columns.requested')}</th><th>{t('data.columns.confirmed')}</th></tr></thead>
            <tbody>
              {data.subscriptions.map((x) => (
                <tr key={x.list}>
                  <td>{x.list}</td><td>{t('data.subscriptionStatus', { status: x.status })}</td>
                  <td>{x.requestIp ? t('data.requestedFrom', { when: when(x.requestedAt), source: x.source, ip: x.requestIp }) : t('data.requested', { when: when(x.requestedAt), source: x.source })}</td>
                  <td>{x.confirmIp ? t('data.confirmedFrom', { when: when(x.confirmedAt), ip: x.confirmIp }) : when(x.confirmedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted">{t('data.counts', { mails: data.messages.length, events: data.events.length })}</p>
      </section>
      <ListsAndPause token={token} locale={locale} />
      <p><a className="btn" href={`/p/${token}/export`} download>{t('data.download')}</a></p>
      <section className="stack" aria-labelledby="erase">
        <h2 id="erase">{t('data.erase')}</h2>
        <EraseForm token={token} />
      </section>
      <PublicFooter footer={data.controller} className={styles.footer} reportAbuse={t('reportAbuse')} />
    </main>
    </InLanguage>
  );
}
