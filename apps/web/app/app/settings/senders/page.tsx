import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { domainState, listSenderDomains, listSenderIdentities } from '@rundbrief/core/senders/index';
import { requireMember } from '@/lib/session';
import { ActionButton } from '@/components/ActionButton';
import { IdentityForm } from './IdentityForm';
import { removeIdentityAction } from './actions';
import { domainWords } from '../domains/summary';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('settings.senders'))('title') };
}

export default async function SendersPage() {
  const { tenantId } = await requireMember('ADMIN');
  const [domains, identities] = await Promise.all([listSenderDomains({ tenantId }), listSenderIdentities({ tenantId })]);
  // the domain page's reading of each domain (domainState), so both pages say the same
  const states = new Map(domains.map((d) => [d.domain, domainState(d)]));
  const verified = domains.filter((d) => states.get(d.domain)!.verified);
  const verifiedAt = new Map(domains.map((d) => [d.domain, d.verifiedAt]));
  const [t, words] = await Promise.all([getTranslations('settings.senders'), domainWords()]);
  return (
    <div className="stack" style={{ gap: 24 }}>
      <section className="card" aria-labelledby="add-h">
        <h2 id="add-h" className="card-title">{t('addHeading')}</h2>
        {verified.length === 0
          ? <p className="muted">{t.rich('needDomain', { link: (c) => <Link href="/app/settings/domains">{c}</Link> })}</p>
          : <IdentityForm domains={verified.map((d) => ({ id: d.id, domain: d.domain }))} />}
      </section>
      <section className="card" aria-labelledby="list-h">
        <h2 id="list-h" className="card-title">{t('title')}</h2>
        {identities.length === 0 ? <p className="muted">{t('empty')}</p> : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>{t('columns.from')}</th><th>{t('columns.replyTo')}</th><th>{t('columns.domain')}</th><th><span className="sr-only">{t('columns.actions')}</span></th></tr></thead>
              <tbody>
                {identities.map((i) => {
                  const state = states.get(i.address.slice(i.address.lastIndexOf('@') + 1));
                  const ok = state ? state.verified : i.domainVerified;
                  const summary = state ? words.summary(state, verifiedAt.get(state.domain) ?? null) : undefined;
                  return (
                    <tr key={i.id}>
                      <td>{i.fromName} <span className="mono">&lt;{i.address}&gt;</span></td>
                      <td className="mono">{i.replyTo ?? '—'}</td>
                      <td>
                        <span className={`badge ${ok && !state?.inGrace ? 'badge-success' : 'badge-warning'}`} title={summary}>{words.t('verified', { verified: String(ok) })}</span>
                        {state?.inGrace && <div className="muted">{summary}</div>}
                      </td>
                      <td><ActionButton action={removeIdentityAction} fields={{ identityId: i.id }} label={t('remove')} className="btn btn-sm btn-ghost" /></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
