'use client';
// Polls the progress numbers every 2 s while the campaign is active and derives the send
// rate (messages per second over the last polls) and the ETA from it.
import { useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import type { CampaignProgress } from '@rundbrief/core/sending/control';
import { ActionButton } from '@/components/ActionButton';
import { sayCore } from '@/lib/core-texts';
import { cancelAction, pauseAction, resumeAction } from './control-actions';

const ACTIVE = new Set(['SENDING', 'PAUSED', 'AUTO_PAUSED', 'SCHEDULED']);

type Translate = ReturnType<typeof useTranslations>;

function eta(t: Translate, seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return '—';
  if (seconds < 90) return t('etaSeconds', { n: Math.ceil(seconds) });
  if (seconds < 5400) return t('etaMinutes', { n: Math.ceil(seconds / 60) });
  return t('etaHours', { n: Math.round(seconds / 360) / 10 });
}

export function ProgressLive({ campaignId, initial, canControl }: { campaignId: string; initial: CampaignProgress; canControl: boolean }) {
  const t = useTranslations('campaigns.progress');
  const tc = useTranslations('common');
  const tt = useTranslations('coreTexts');
  const format = useFormatter();
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
      {p.pauseReason && p.status !== 'SENDING' && <div className="alert alert-warning" role="status">{sayCore(tt, p.texts?.pauseReason, p.pauseReason)}</div>}
      {p.dailyLimit && <div className="alert alert-info" role="status" data-testid="daily-limit">{sayCore(tt, p.texts?.dailyLimit, p.dailyLimit)}</div>}
      {stale && <div className="alert alert-info" role="status">{t('stale')}</div>}
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={t('bar')}>
        <div className="progress-bar" style={{ width: `${pct}%` }} />
      </div>
      <p><strong>{format.number(pct / 100, 'percent')}</strong> <span className="muted">({tc('campaignStatus', { status: p.status })})</span></p>
      <dl className="grid-cards">
        {([[t('sent'), p.sent], [t('deferred'), p.deferred], [t('bounced'), p.bounced], [t('failed'), p.failed], [t('remaining'), p.remaining]] as const).map(([label, v]) => (
          <div key={label} className="stat"><dt className="stat-label">{label}</dt><dd className="stat-value">{format.number(v)}</dd></div>
        ))}
        <div className="stat"><dt className="stat-label">{t('rate')}</dt><dd className="stat-value">{p.status === 'SENDING' ? t('perSecond', { rate: format.number(rate, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) }) : '—'}</dd></div>
        <div className="stat"><dt className="stat-label">{t('eta')}</dt><dd className="stat-value">{p.status === 'SENDING' && rate > 0 ? eta(t, p.remaining / rate) : '—'}</dd></div>
      </dl>
      {p.ambiguous > 0 && (
        <div className="alert alert-warning" role="status">
          {t('ambiguous', { count: p.ambiguous })}
        </div>
      )}
      {canControl && (
        <div className="toolbar">
          {p.status === 'SENDING' && <ActionButton action={pauseAction} fields={{ campaignId }} label={t('pause')} />}
          {(p.status === 'PAUSED' || p.status === 'AUTO_PAUSED') && <ActionButton action={resumeAction} fields={{ campaignId }} label={t('resume')} className="btn btn-sm btn-primary" />}
          {ACTIVE.has(p.status) && (
            <ActionButton
              action={cancelAction}
              fields={{ campaignId }}
              label={t('cancel')}
              className="btn btn-sm btn-danger"
              confirm={{
                title: t('cancelTitle'),
                message: <p>{t('cancelBody', { remaining: p.remaining, sending: p.status === 'SENDING' ? 'yes' : 'no' })}</p>,
                confirmLabel: t('cancelConfirm'),
                dismissLabel: t('keep'),
              }}
            />
          )}
        </div>
      )}
    </div>
  );
}
