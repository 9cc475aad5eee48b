/** One headline number on a card (dashboard, campaign report). */
export function Stat({ label, value, detail }: { label: string; value: number; detail?: string }) {
  return (
    <div className="card">
      <div className="stat-value">{value.toLocaleString('en')}</div>
      <div className="stat-label">{label}</div>
      {detail && <div className="hint">{detail}</div>}
    </div>
  );
}
