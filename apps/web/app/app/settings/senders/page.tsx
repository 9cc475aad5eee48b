import type { Metadata } from 'next';
import Link from 'next/link';
import { domainState, listSenderDomains, listSenderIdentities } from '@rundbrief/core/senders/index';
import { requireMember } from '@/lib/session';
import { ActionButton } from '@/components/ActionButton';
import { IdentityForm } from './IdentityForm';
import { removeIdentityAction } from './actions';

export const metadata: Metadata = { title: 'Senders' };

export default async function SendersPage() {
  const { tenantId } = await requireMember('ADMIN');
  const [domains, identities] = await Promise.all([listSenderDomains({ tenantId }), listSenderIdentities({ tenantId })]);
  // the domain page's reading of each domain (domainState), so both pages say the same
  const states = new Map(domains.map((d) => [d.domain, domainState(d)]));
  const verified = domains.filter((d) => states.get(d.domain)!.verified);
  return (
    <div className="stack" style={{ gap: 24 }}>
      <section className="card" aria-labelledby="add-h">
        <h2 id="add-h" className="card-title">Add a sender</h2>
        {verified.length === 0
          ? <p className="muted">Senders need a verified domain. <Link href="/app/settings/domains">Add and verify a domain</Link> first.</p>
          : <IdentityForm domains={verified.map((d) => ({ id: d.id, domain: d.domain }))} />}
      </section>
      <section className="card" aria-labelledby="list-h">
        <h2 id="list-h" className="card-title">Senders</h2>
        {identities.length === 0 ? <p className="muted">No senders yet.</p> : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>From</th><th>Reply-to</th><th>Domain</th><th /></tr></thead>
              <tbody>
                {identities.map((i) => {
                  const state = states.get(i.address.slice(i.address.lastIndexOf('@') + 1));
                  const ok = state ? state.verified : i.domainVerified;
                  return (
                    <tr key={i.id}>
                      <td>{i.fromName} <span className="mono">&lt;{i.address}&gt;</span></td>
                      <td className="mono">{i.replyTo ?? '—'}</td>
                      <td>
                        <span className={`badge ${ok && !state?.inGrace ? 'badge-success' : 'badge-warning'}`} title={state?.summary}>{ok ? 'verified' : 'not verified'}</span>
                        {state?.inGrace && <div className="muted">{state.summary}</div>}
                      </td>
                      <td><ActionButton action={removeIdentityAction} fields={{ identityId: i.id }} label="Remove" className="btn btn-sm btn-ghost" /></td>
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
