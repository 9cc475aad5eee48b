'use client';

import { useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useToast } from '@/components/Toast';
import { resendWebhookDeliveryAction } from './actions';

export type DeliveryRow = {
  id: string; type: string; url: string; status: 'PENDING' | 'SUCCEEDED' | 'FAILED'; attempts: number; createdAt: string;
  nextAttemptAt: string | null; responseStatus: number | null; responseBody: string | null; durationMs: number | null; error: string | null;
  attemptLog: { attempt: number; responseStatus: number | null; responseBody: string | null; durationMs: number; error: string | null; at: string }[];
};

const when = (iso: string) => new Date(iso).toLocaleString('en-GB');
const BADGE = { PENDING: 'badge-warning', SUCCEEDED: 'badge-success', FAILED: 'badge-danger' } as const;
const LABEL = { PENDING: 'Retrying', SUCCEEDED: 'Delivered', FAILED: 'Failed' } as const;

export function DeliveryLog({ deliveries }: { deliveries: DeliveryRow[] }) {
  const toast = useToast();
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr><th scope="col">Time</th><th scope="col">Event</th><th scope="col">Endpoint</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Last answer</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr key={d.id} data-testid={`delivery-${d.id}`}>
              <td>{when(d.createdAt)}</td>
              <td className="mono">{d.type}</td>
              <td className="mono" style={{ wordBreak: 'break-all' }}>{d.url}</td>
              <td>
                <span className={`badge ${d.status === 'PENDING' && d.attempts === 0 ? 'badge-neutral' : BADGE[d.status]}`}>{d.status === 'PENDING' && d.attempts === 0 ? 'Queued' : LABEL[d.status]}</span>
                {d.nextAttemptAt && d.attempts > 0 && <div className="muted">Next try {when(d.nextAttemptAt)}</div>}
              </td>
              <td>{d.attempts}</td>
              <td>
                {d.attempts === 0 ? <span className="muted">Not tried yet</span> : (
                  <details>
                    <summary>{d.responseStatus ? `HTTP ${d.responseStatus}` : d.error ?? '—'}{d.durationMs !== null ? ` · ${d.durationMs} ms` : ''}</summary>
                    {d.responseBody && <pre className="mono" style={{ whiteSpace: 'pre-wrap', maxWidth: 420 }}>{d.responseBody}</pre>}
                    <ol className="muted">
                      {d.attemptLog.map((a) => (
                        <li key={a.attempt} value={a.attempt}>{when(a.at)}: {a.responseStatus ? `HTTP ${a.responseStatus}` : a.error} ({a.durationMs} ms)</li>
                      ))}
                    </ol>
                  </details>
                )}
              </td>
              <td>
                <button
                  type="button" className="btn btn-sm" disabled={pending}
                  onClick={() => start(async () => {
                    const r = await resendWebhookDeliveryAction(d.id);
                    toast(r.ok ? 'Resend queued' : r.error, r.ok ? 'info' : 'error');
                    router.refresh();
                  })}
                >
                  Resend
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
