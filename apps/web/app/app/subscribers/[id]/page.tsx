import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { can, DomainError, getSubscriber, listFields } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { ActionButton } from '@/components/ActionButton';
import { EditSubscriberForm } from './EditSubscriberForm';
import { eraseSubscriberAction, removeFromListAction, resendAction } from '../actions';

export const metadata: Metadata = { title: 'Subscriber' };

const when = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) : '—');

export default async function SubscriberPage({ params }: { params: Promise<{ id: string }> }) {
  const { tenantId, role } = await requireMember();
  const { id } = await params;
  const detail = await getSubscriber({ tenantId }, id).catch((e) => {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') notFound();
    throw e;
  });
  const fields = await listFields({ tenantId });
  const { subscriber: s, messages, events } = detail;
  const write = can(role, 'audience.write');
  return (
    <div className="stack">
      <div className="page-header">
        <h1>{s.email}</h1>
        <span className="badge badge-neutral" data-testid="subscriber-status">{s.status.toLowerCase()}</span>
      </div>
      <p className="muted">Added {when(s.createdAt)} · last activity {when(s.lastActivityAt)} · soft bounces {s.softBounceCount}</p>
      <section aria-labelledby="subs">
        <h2 id="subs">Lists and consent</h2>
        <div className="table-wrap">
          <table className="table" data-testid="subscriptions">
            <thead><tr><th>List</th><th>Status</th><th>Source</th><th>Requested</th><th>Confirmed</th><th></th></tr></thead>
            <tbody>
              {s.subscriptions.map((x) => (
                <tr key={x.id}>
                  <td>{x.list.name}</td>
                  <td>{x.status.toLowerCase()}</td>
                  <td>{x.source.toLowerCase()}{x.attestation ? <div className="hint">Attested: {x.attestation}</div> : null}</td>
                  <td>{when(x.requestedAt)}<div className="hint">{x.requestIp ?? ''} {x.requestUserAgent ?? ''}</div></td>
                  <td>{when(x.confirmedAt)}<div className="hint">{x.confirmIp ?? ''} {x.confirmUserAgent ?? ''}</div></td>
                  <td>
                    {write && x.status === 'PENDING' && <ActionButton action={resendAction} fields={{ subscriptionId: x.id }} label="Resend confirmation" />}
                    {write && x.status !== 'UNSUBSCRIBED' && <ActionButton action={removeFromListAction} fields={{ subscriberId: s.id, listId: x.list.id }} label="Remove from list" />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {write && <EditSubscriberForm subscriber={{ id: s.id, firstName: s.firstName, lastName: s.lastName, attributes: s.attributes as Record<string, unknown> }} fields={fields} />}
      <section aria-labelledby="msgs">
        <h2 id="msgs">Messages</h2>
        {messages.length === 0 ? <p className="muted">No campaign mail yet.</p> : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>Campaign</th><th>Status</th><th>Sent</th><th>Opened</th><th>Clicked</th></tr></thead>
              <tbody>
                {messages.map((m) => (
                  <tr key={m.id}>
                    <td>{m.campaign.name}</td>
                    <td>{m.status.toLowerCase()}{m.skipReason ? ` (${m.skipReason})` : ''}{m.smtpReply ? <div className="hint mono">{m.smtpReply}</div> : null}</td>
                    <td>{when(m.sentAt)}</td><td>{when(m.firstOpenAt)}</td><td>{when(m.firstClickAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="events">
        <h2 id="events">Events</h2>
        {events.length === 0 ? <p className="muted">No events yet.</p> : (
          <ul>{events.map((e) => <li key={String(e.id)}>{when(e.createdAt)} — {e.type.toLowerCase()}{e.machine ? ' (machine)' : ''}</li>)}</ul>
        )}
      </section>
      {write && (
        <ActionButton action={eraseSubscriberAction.bind(null, s.id)} fields={{}} label="Erase (GDPR)" className="btn btn-danger"
          confirm={{ title: 'Erase this subscriber?', confirmLabel: 'Erase',
            message: 'All personal data is deleted. A one-way fingerprint of the address stays on the suppression list so it is never imported or mailed again.' }} />
      )}
    </div>
  );
}
