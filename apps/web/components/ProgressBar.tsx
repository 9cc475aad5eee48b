import { useTranslations } from 'next-intl';

/** A labelled progress bar; `value` of `max` (clamped), announced to screen readers. */
export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const pct = max > 0 ? Math.min(100, Math.max(0, (value / max) * 100)) : 0;
  const t = useTranslations('common.progress');
  return (
    <div>
      <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={Math.min(value, max)}>
        <div className="progress-bar" style={{ width: `${pct}%` }} />
      </div>
      <div className="hint">{t('of', { value, max, share: pct / 100 })}</div>
    </div>
  );
}
