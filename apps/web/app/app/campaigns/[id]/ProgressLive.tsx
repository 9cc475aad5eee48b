'use client';
// Polls the progress numbers every 2 s while the campaign is active and derives the send
// rate (messages per second over the last polls) and the ETA from it.
import { useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import type { CampaignProgress } from '@rundbrief/core/sending/control';
import { ActionButton } from '@/components/ActionButton';
import { cancelAction, pauseAction, resumeAction } from './control-actions';

const ACTIVE = new Set(['SENDING', 'PAUSED', 'AUTO_PAUSED', 'SCHEDULED']);

function eta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return '—';
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 5400) return `${Math.ceil(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export function ProgressLive({ campaignId, initial, canControl }: { campaignId: string; initial: CampaignProgress; canControl: boolean }) {
  const [p, setP] = useState(initial);
  const [stale, setStale] = useState(false);
  const samples = useRef<{ t: number; done: number }[]>([]);
  const router = useRouter();
  const lastStatus = useRef(initial.status);

  useEffect(() => {
    if (!ACTIVE.has(p.status)) return;
    const timer = setInterval(async () => {
      try {
        const res = await fetch(`/app/campaigns/${campaignId}/progress-data`, { cache: 'no-store' });
        if (!res.ok) throw new Error(String(res.status));
        const next = (await res.json()) as CampaignProgress;
        const done = next.recipientCount - next.remaining;
        samples.current = [...samples.current.filter((s) => Date.now() - s.t < 20_000), { t: Date.now(), done }];
        setP(next);
        setStale(false);
        // Status changed (e.g. finished): refresh the server parts of the page (badge, report).
        if (next.status !== lastStatus.current) {
          lastStatus.current = next.status;
          router.refresh();
        }
      } catch {
        setStale(true);
      }
    }, 2000);
    return () => clearInterval(timer);
  }, [campaignId, p.status, router]);

  const first = samples.current[0];
  const last = samples.current[samples.current.length - 1];
  const rate = first && last && last.t > first.t ? ((last.done - first.done) * 1000) / (last.t - first.t) : 0;
  const pct = Math.min(100, p.percent);
  return (
    <div className="stack" data-testid="campaign-progress" data-status={p.status} data-percent={pct}>
      {p.pauseReason && p.status !== 'SENDING' && <div className="alert alert-warning" role="status">{p.pauseReason}</div>}
      {p.dailyLimit && <div className="alert alert-info" role="status" data-testid="daily-limit">{p.dailyLimit}</div>}
      {stale && <div className="alert alert-info" role="status">Live numbers are not updating; retrying …</div>}
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label="Campaign progress">
        <div className="progress-bar" style={{ width: `${pct}%` }} />
      </div>
      <p><strong>{pct}%</strong> <span className="muted">({p.status.toLowerCase().replace('_', ' ')})</span></p>
      <dl className="grid-cards">
        {([['Sent', p.sent], ['Deferred', p.deferred], ['Bounced', p.bounced], ['Failed', p.failed], ['Remaining', p.remaining]] as const).map(([label, v]) => (
          <div key={label} className="stat"><dt className="stat-label">{label}</dt><dd className="stat-value">{v.toLocaleString()}</dd></div>
        ))}
        <div className="stat"><dt className="stat-label">Rate</dt><dd className="stat-value">{p.status === 'SENDING' ? `${rate.toFixed(1)}/s` : '—'}</dd></div>
        <div className="stat"><dt className="stat-label">ETA</dt><dd className="stat-value">{p.status === 'SENDING' && rate > 0 ? eta(p.remaining / rate) : '—'}</dd></div>
      </dl>
      {p.ambiguous > 0 && (
        <div className="alert alert-warning" role="status">
          {p.ambiguous.toLocaleString()} messages have an unknown fate (a worker or the connection stopped mid-delivery, after the mail may have arrived). They are not resent automatically.
        </div>
      )}
      {canControl && (
        <div className="toolbar">
          {p.status === 'SENDING' && <ActionButton action={pauseAction} fields={{ campaignId }} label="Pause" />}
          {(p.status === 'PAUSED' || p.status === 'AUTO_PAUSED') && <ActionButton action={resumeAction} fields={{ campaignId }} label="Resume" className="btn btn-sm btn-primary" />}
          {ACTIVE.has(p.status) && (
            <ActionButton
              action={cancelAction}
              fields={{ campaignId }}
              label="Cancel sending"
              className="btn btn-sm btn-danger"
              confirm={{
                title: 'Cancel this campaign?',
                message: <p>Nothing more is sent: the {p.remaining.toLocaleString()} recipients still waiting will not get it. Mail already sent stays sent. A cancelled campaign cannot be resumed{p.status === 'SENDING' ? '; to stop for now, pause instead' : ''}.</p>,
                confirmLabel: 'Cancel campaign',
                dismissLabel: 'Keep it',
              }}
            />
          )}
        </div>
      )}
    </div>
  );
}
