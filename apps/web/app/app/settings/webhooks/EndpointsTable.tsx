'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { ConfirmButton } from '@/components/ConfirmButton';
import { useToast } from '@/components/Toast';
import { deleteWebhookAction, disableWebhookAction, enableWebhookAction, rotateWebhookSecretAction, sendTestWebhookAction } from './actions';

export type EndpointRow = {
  id: string; url: string; description: string | null; events: string[]; enabled: boolean;
  disabledReason: string | null; failingSince: string | null; previousSecretExpiresAt: string | null; createdAt: string;
};

const when = (iso: string) => new Date(iso).toLocaleString('en-GB');

export function EndpointsTable({ endpoints }: { endpoints: EndpointRow[] }) {
  const toast = useToast();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [rotated, setRotated] = useState<{ url: string; secret: string; until: string } | null>(null);
  const run = (fn: () => Promise<{ ok: boolean; error?: string }>, done: string) =>
    start(async () => {
      const r = await fn();
      toast(r.ok ? done : (r.error ?? 'Failed'), r.ok ? 'info' : 'error');
      router.refresh();
    });
  return (
    <div className="stack">
      {rotated && (
        <div className="alert alert-success" role="status" data-testid="rotated-webhook-secret">
          <p><strong>New secret for {rotated.url}.</strong> Shown only now. The previous secret keeps signing beside it until {when(rotated.until)}.</p>
          <code className="mono" style={{ wordBreak: 'break-all' }}>{rotated.secret}</code>
        </div>
      )}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr><th scope="col">Endpoint</th><th scope="col">Events</th><th scope="col">State</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {endpoints.map((e) => (
              <tr key={e.id} data-testid={`webhook-${e.url}`}>
                <td>
                  <div className="mono" style={{ wordBreak: 'break-all' }}>{e.url}</div>
                  {e.description && <div className="muted">{e.description}</div>}
                </td>
                <td>{e.events.map((x) => <span key={x} className="badge badge-neutral" style={{ marginRight: 4 }}>{x}</span>)}</td>
                <td>
                  {e.enabled ? <span className="badge badge-success">Enabled</span> : <span className="badge badge-danger">Disabled</span>}
                  {e.disabledReason && <div className="error" role="note">{e.disabledReason}</div>}
                  {e.enabled && e.failingSince && <div className="muted">Failing since {when(e.failingSince)}</div>}
                  {e.previousSecretExpiresAt && <div className="muted">Previous secret valid until {when(e.previousSecretExpiresAt)}</div>}
                </td>
                <td>
                  <div className="toolbar">
                    <button type="button" className="btn btn-sm" disabled={pending || !e.enabled} onClick={() => run(() => sendTestWebhookAction(e.id), 'Test event queued: see the delivery log')}>
                      Send test event
                    </button>
                    {e.enabled ? (
                      <button type="button" className="btn btn-sm" disabled={pending} onClick={() => run(() => disableWebhookAction(e.id), 'Endpoint disabled')}>Disable</button>
                    ) : (
                      <button type="button" className="btn btn-sm" disabled={pending} onClick={() => run(() => enableWebhookAction(e.id), 'Endpoint enabled')}>Enable</button>
                    )}
                    <ConfirmButton
                      className="btn btn-sm"
                      danger={false}
                      title="Rotate the signing secret?"
                      confirmLabel="Rotate secret"
                      message={<p>A new secret is made and shown once. For 24 hours every webhook is signed with both the old and the new secret, so you can update your receiver without losing a message.</p>}
                      disabled={pending}
                      onConfirm={() => start(async () => {
                        const r = await rotateWebhookSecretAction(e.id);
                        if (r.ok) setRotated({ url: e.url, secret: r.data.secret, until: r.data.previousValidUntil });
                        else toast(r.error, 'error');
                        router.refresh();
                      })}
                    >
                      Rotate secret
                    </ConfirmButton>
                    <ConfirmButton
                      className="btn btn-danger btn-sm"
                      title={`Delete ${e.url}?`}
                      confirmLabel="Delete endpoint"
                      message={<p>No more events go to this URL, and its delivery log is deleted. This cannot be undone.</p>}
                      disabled={pending}
                      onConfirm={() => run(() => deleteWebhookAction(e.id), 'Endpoint deleted')}
                    >
                      Delete
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
