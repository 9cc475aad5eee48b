import { useFormatter } from 'next-intl';

/** One headline number on a card (dashboard, campaign report). */
export function Stat({ label, value, detail }: { label: string; value: number; detail?: string }) {
  const format = useFormatter();
  return (
    <div className="card">
      <div className="stat-value">{format.number(value)}</div>
      <div className="stat-label">{label}</div>
      {detail && <div className="hint">{detail}</div>}
    </div>
  );
}
