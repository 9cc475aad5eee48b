import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { can, DomainError, getSubscriber, listFields, skipReasonText } from '@rundbrief/core';
import { sayCore } from '@/lib/core-texts';
import { requireMember } from '@/lib/session';
import { ActionButton } from '@/components/ActionButton';
import { EditSubscriberForm } from './EditSubscriberForm';
import { eraseSubscriberAction, removeFromListAction, resendAction } from '../actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('subscribers.detail'))('title') };
}

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
  const [t, format, tc] = await Promise.all([getTranslations('subscribers'), getFormatter(), getTranslations('coreTexts')]);
  const when = (d: Date | null) => (d ? format.dateTime(d, 'dateTime') : '—');
  return (
    <div className="stack">
      <div className="page-header">
        <h1>{s.email}</h1>
        <span className="badge badge-neutral" data-testid="subscriber-status">{t('status', { status: s.status })}</span>
      </div>
      <p className="muted">{t('detail.summary', { added: when(s.createdAt), activity: when(s.lastActivityAt), softBounces: s.softBounceCount })}</p>
      <section aria-labelledby="subs">
        <h2 id="subs">{t('detail.subscriptions')}</h2>
        <div className="table-wrap">
          <table className="table" data-testid="subscriptions">
            <thead><tr><th>{t('detail.columns.list')}</th><th>{t('detail.columns.status')}</th><th>{t('detail.columns.source')}</th><th>{t('detail.columns.requested')}</th><th>{t('detail.columns.confirmed')}</th><th><span className="sr-only">{t('detail.columns.actions')}</span></th></tr></thead>
            <tbody>
              {s.subscriptions.map((x) => (
                <tr key={x.id}>
                  <td>{x.list.name}</td>
                  <td>{t('subscriptionStatus', { status: x.status })}</td>
                  <td>{t('detail.source', { source: x.source.toLowerCase() })}{x.attestation ? <div className="hint">{t('detail.attested', { attestation: x.attestation })}</div> : null}</td>
                  <td>{when(x.requestedAt)}<div className="hint">{x.requestIp ?? ''} {x.requestUserAgent ?? ''}</div></td>
                  <td>{when(x.confirmedAt)}<div className="hint">{x.confirmIp ?? ''} {x.confirmUserAgent ?? ''}</div></td>
                  <td>
                    {write && x.status === 'PENDING' && <ActionButton action={resendAction} fields={{ subscriptionId: x.id }} label={t('detail.resend')} />}
                    {write && x.status !== 'UNSUBSCRIBED' && <ActionButton action={removeFromListAction} fields={{ subscriberId: s.id, listId: x.list.id }} label={t('detail.removeFromList')} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {write && <EditSubscriberForm subscriber={{ id: s.id, firstName: s.firstName, lastName: s.lastName, attributes: s.attributes as Record<string, unknown> }} fields={fields} />}
      <section aria-labelledby="msgs">
        <h2 id="msgs">{t('detail.messages')}</h2>
        {messages.length === 0 ? <p className="muted">{t('detail.noMessages')}</p> : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>{t('detail.columns.campaign')}</th><th>{t('detail.columns.status')}</th><th>{t('detail.columns.sent')}</th><th>{t('detail.columns.opened')}</th><th>{t('detail.columns.clicked')}</th></tr></thead>
              <tbody>
                {messages.map((m) => (
                  <tr key={m.id}>
                    <td>{m.campaign.name}</td>
                    <td>{m.skipReason ? t('detail.messageStatusReason', { status: m.status, reason: sayCore(tc, skipReasonText(m.skipReason), m.skipReason) }) : t('detail.messageStatus', { status: m.status })}{m.smtpReply ? <div className="hint mono">{m.smtpReply}</div> : null}</td>
                    <td>{when(m.sentAt)}</td><td>{when(m.firstOpenAt)}</td><td>{when(m.firstClickAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="events">
        <h2 id="events">{t('detail.events')}</h2>
        {events.length === 0 ? <p className="muted">{t('detail.noEvents')}</p> : (
          <ul>{events.map((e) => <li key={String(e.id)}>{t('detail.event', { at: when(e.createdAt), type: e.type, machine: String(e.machine) })}</li>)}</ul>
        )}
      </section>
      {write && (
        <ActionButton action={eraseSubscriberAction.bind(null, s.id)} fields={{}} label={t('detail.erase')} className="btn btn-danger"
          confirm={{ title: t('detail.eraseTitle'), confirmLabel: t('detail.eraseConfirm'), message: t('detail.eraseMessage') }} />
      )}
    </div>
  );
}
