'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { ConfirmButton } from '@/components/ConfirmButton';
import { useToast } from '@/components/Toast';
import { EditEndpointForm } from './EditEndpointForm';
import { deleteWebhookAction, disableWebhookAction, enableWebhookAction, rotateWebhookSecretAction, sendTestWebhookAction } from './actions';

export type EndpointRow = {
  id: string; url: string; description: string | null; events: string[]; enabled: boolean;
  disabledReason: string | null; failingSince: string | null; previousSecretExpiresAt: string | null; createdAt: string;
};

export function EndpointsTable({ endpoints, events }: { endpoints: EndpointRow[]; events: { value: string; label: string }[] }) {
  const t = useTranslations('settings.webhooks');
  const format = useFormatter();
  const when = (iso: string) => format.dateTime(new Date(iso), 'dateTime');
  const toast = useToast();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [rotated, setRotated] = useState<{ url: string; secret: string; until: string } | null>(null);
  const run = (fn: () => Promise<{ ok: boolean; error?: string }>, done: string) =>
    start(async () => {
      const r = await fn();
      toast(r.ok ? done : (r.error ?? t('failed')), r.ok ? 'info' : 'error');
      router.refresh();
    });
  return (
    <div className="stack">
      {rotated && (
        <div className="alert alert-success" role="status" data-testid="rotated-webhook-secret">
          <p>{t.rich('rotated', { url: rotated.url, until: when(rotated.until), strong: (c) => <strong>{c}</strong> })}</p>
          <code className="mono" style={{ wordBreak: 'break-all' }}>{rotated.secret}</code>
        </div>
      )}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr><th scope="col">{t('columns.endpoint')}</th><th scope="col">{t('columns.events')}</th><th scope="col">{t('columns.state')}</th><th scope="col"><span className="sr-only">{t('columns.actions')}</span></th></tr>
          </thead>
          <tbody>
            {endpoints.map((e) => (
              <tr key={e.id} data-testid={`webhook-${e.url}`}>
                <td>
                  <div className="mono" style={{ wordBreak: 'break-all' }}>{e.url}</div>
                  {e.description && <div className="muted">{e.description}</div>}
                  <details>
                    <summary>{t('edit.open')}</summary>
                    <EditEndpointForm endpoint={e} events={events} />
                  </details>
                </td>
                <td>{e.events.map((x) => <span key={x} className="badge badge-neutral" style={{ marginRight: 4 }}>{x}</span>)}</td>
                <td>
                  {e.enabled ? <span className="badge badge-success">{t('enabled')}</span> : <span className="badge badge-danger">{t('disabled')}</span>}
                  {e.disabledReason && <div className="error" role="note">{e.disabledReason}</div>}
                  {e.enabled && e.failingSince && <div className="muted">{t('failingSince', { since: when(e.failingSince) })}</div>}
                  {e.previousSecretExpiresAt && <div className="muted">{t('previousUntil', { until: when(e.previousSecretExpiresAt) })}</div>}
                </td>
                <td>
                  <div className="toolbar">
                    <button type="button" className="btn btn-sm" disabled={pending || !e.enabled} onClick={() => run(() => sendTestWebhookAction(e.id), t('testQueued'))}>
                      {t('sendTest')}
                    </button>
                    {e.enabled ? (
                      <button type="button" className="btn btn-sm" disabled={pending} onClick={() => run(() => disableWebhookAction(e.id), t('disabledToast'))}>{t('disable')}</button>
                    ) : (
                      <button type="button" className="btn btn-sm" disabled={pending} onClick={() => run(() => enableWebhookAction(e.id), t('enabledToast'))}>{t('enable')}</button>
                    )}
                    <ConfirmButton
                      className="btn btn-sm"
                      danger={false}
                      title={t('rotateTitle')}
                      confirmLabel={t('rotate')}
                      message={<p>{t('rotateMessage', { hours: 24 })}</p>}
                      disabled={pending}
                      onConfirm={() => start(async () => {
                        const r = await rotateWebhookSecretAction(e.id);
                        if (r.ok) setRotated({ url: e.url, secret: r.data.secret, until: r.data.previousValidUntil });
                        else toast(r.error, 'error');
                        router.refresh();
                      })}
                    >
                      {t('rotate')}
                    </ConfirmButton>
                    <ConfirmButton
                      className="btn btn-danger btn-sm"
                      title={t('deleteTitle', { url: e.url })}
                      confirmLabel={t('deleteConfirm')}
                      message={<p>{t('deleteMessage')}</p>}
                      disabled={pending}
                      onConfirm={() => run(() => deleteWebhookAction(e.id), t('deleted'))}
                    >
                      {t('delete')}
                    </ConfirmButton>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
