'use client';

import { useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { useToast } from '@/components/Toast';
import { resendWebhookDeliveryAction } from './actions';

export type DeliveryRow = {
  id: string; type: string; url: string; status: 'PENDING' | 'SUCCEEDED' | 'FAILED'; attempts: number; createdAt: string;
  nextAttemptAt: string | null; responseStatus: number | null; responseBody: string | null; durationMs: number | null; error: string | null;
  attemptLog: { attempt: number; responseStatus: number | null; responseBody: string | null; durationMs: number; error: string | null; at: string }[];
};

const BADGE = { PENDING: 'badge-warning', SUCCEEDED: 'badge-success', FAILED: 'badge-danger' } as const;

export function DeliveryLog({ deliveries }: { deliveries: DeliveryRow[] }) {
  const t = useTranslations('settings.webhooks.log');
  const format = useFormatter();
  const when = (iso: string) => format.dateTime(new Date(iso), 'dateTime');
  const toast = useToast();
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr><th scope="col">{t('columns.time')}</th><th scope="col">{t('columns.event')}</th><th scope="col">{t('columns.endpoint')}</th><th scope="col">{t('columns.status')}</th><th scope="col">{t('columns.attempts')}</th><th scope="col">{t('columns.lastAnswer')}</th><th scope="col"><span className="sr-only">{t('columns.actions')}</span></th></tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr key={d.id} data-testid={`delivery-${d.id}`}>
              <td>{when(d.createdAt)}</td>
              <td className="mono">{d.type}</td>
              <td className="mono" style={{ wordBreak: 'break-all' }}>{d.url}</td>
              <td>
                <span className={`badge ${d.status === 'PENDING' && d.attempts === 0 ? 'badge-neutral' : BADGE[d.status]}`}>{t('status', { status: d.status === 'PENDING' && d.attempts === 0 ? 'QUEUED' : d.status })}</span>
                {d.nextAttemptAt && d.attempts > 0 && <div className="muted">{t('nextTry', { at: when(d.nextAttemptAt) })}</div>}
              </td>
              <td>{format.number(d.attempts)}</td>
              <td>
                {d.attempts === 0 ? <span className="muted">{t('notTried')}</span> : (
                  <details>
                    <summary>{d.responseStatus ? t('http', { status: d.responseStatus }) : d.error ?? '—'}{d.durationMs !== null ? ` · ${t('ms', { ms: d.durationMs })}` : ''}</summary>
                    {d.responseBody && <pre className="mono" style={{ whiteSpace: 'pre-wrap', maxWidth: 420 }}>{d.responseBody}</pre>}
                    <ol className="muted">
                      {d.attemptLog.map((a) => (
                        <li key={a.attempt} value={a.attempt}>{t('attempt', { at: when(a.at), answer: a.responseStatus ? t('http', { status: a.responseStatus }) : (a.error ?? '—'), ms: a.durationMs })}</li>
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
                    toast(r.ok ? t('resendQueued') : r.error, r.ok ? 'info' : 'error');
                    router.refresh();
                  })}
                >
                  {t('resend')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
