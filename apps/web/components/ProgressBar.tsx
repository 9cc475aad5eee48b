/** A labelled progress bar; `value` of `max` (clamped), announced to screen readers. */
export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const pct = max > 0 ? Math.min(100, Math.max(0, (value / max) * 100)) : 0;
  return (
    <div>
      <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={Math.min(value, max)}>
        <div className="progress-bar" style={{ width: `${pct}%` }} />
      </div>
      <div className="hint">{value.toLocaleString('en')} of {max.toLocaleString('en')} ({pct.toFixed(pct < 10 && pct > 0 ? 1 : 0)}%)</div>
    </div>
  );
}
