// The subscriber's own page (linked from every mail): what we hold, the consent proof,
// a JSON download and erasure. List choices and pausing are added by the preferences area.
import type { Metadata } from 'next';
import { DomainError, exportSubscriberData, subscriberByPreferencesToken } from '@rundbrief/core';
import styles from '../../f/[publicId]/public.module.css';
import { PublicFooter } from '@/components/PublicFooter';
import { EraseForm } from './EraseForm';
import { FreshLinkForm } from './FreshLinkForm';
import { ListsAndPause } from './ListsAndPause';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Your data', robots: { index: false } };

const when = (d: Date | string | null) => (d ? new Date(d).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—');

export default async function SubscriberDataPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let data: Awaited<ReturnType<typeof exportSubscriberData>>;
  try {
    const { tenantId, subscriberId } = await subscriberByPreferencesToken(token);
    data = await exportSubscriberData({ tenantId }, subscriberId);
  } catch (e) {
    if (e instanceof DomainError && e.code === 'GONE') {
      return (
        <main className={styles.wrap}>
          <h1>This link has expired</h1>
          <p>{e.message} We can mail a fresh one to the address it was sent to.</p>
          <FreshLinkForm token={token} />
        </main>
      );
    }
    if (!(e instanceof DomainError) || e.code !== 'NOT_FOUND') throw e;
    return (
      <main className={styles.wrap}>
        <h1>No data</h1>
        <p>{e.message}</p>
      </main>
    );
  }
  const s = data.subscriber;
  return (
    <main className={styles.wrap} style={{ maxWidth: 720 }}>
      <h1>Your data at {data.controller.name}</h1>
      <section className="stack" aria-labelledby="profile">
        <h2 id="profile">Profile</h2>
        <dl>
          <dt>Email</dt><dd data-testid="data-email">{s.email}</dd>
          <dt>Name</dt><dd>{[s.firstName, s.lastName].filter(Boolean).join(' ') || '—'}</dd>
          {Object.entries(s.attributes as Record<string, unknown>).map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{String(v)}</dd></div>)}
          <dt>Status</dt><dd>{s.status.toLowerCase()}</dd>
        </dl>
      </section>
      <section aria-labelledby="lists">
        <h2 id="lists">Lists and consent</h2>
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>List</th><th>Status</th><th>Requested</th><th>Confirmed</th></tr></thead>
            <tbody>
              {data.subscriptions.map((x) => (
                <tr key={x.list}>
                  <td>{x.list}</td><td>{x.status.toLowerCase()}</td>
                  <td>{when(x.requestedAt)} via {x.source.toLowerCase()}{x.requestIp ? ` from ${x.requestIp}` : ''}</td>
                  <td>{when(x.confirmedAt)}{x.confirmIp ? ` from ${x.confirmIp}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted">{data.messages.length} mails sent to you, {data.events.length} recorded opens, clicks and other events.</p>
      </section>
      <ListsAndPause token={token} />
      <p><a className="btn" href={`/p/${token}/export`} download>Download my data (JSON)</a></p>
      <section className="stack" aria-labelledby="erase">
        <h2 id="erase">Erase my data</h2>
        <EraseForm token={token} />
      </section>
      <PublicFooter footer={data.controller} className={styles.footer} />
    </main>
  );
}
