// Small dependency-free SVG charts for reports. Server-renderable; each chart has a text
// alternative (title + a visually hidden table) so the numbers are not locked in a picture.

import { useFormatter } from 'next-intl';

type Point = { label: string; value: number };

const W = 640;
const H = 220;
const PAD = { top: 12, right: 12, bottom: 28, left: 44 };

function niceMax(max: number): number {
  if (max <= 0) return 1;
  const mag = 10 ** Math.floor(Math.log10(max));
  return Math.ceil(max / mag) * mag;
}

function DataTable({ title, points }: { title: string; points: Point[] }) {
  const format = useFormatter();
  return (
    <table className="sr-only">
      <caption>{title}</caption>
      <tbody>
        {points.map((p) => (
          <tr key={p.label}><th scope="row">{p.label}</th><td>{format.number(p.value)}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

function Axes({ max }: { max: number }) {
  const format = useFormatter();
  const ticks = [0, 0.5, 1].map((f) => ({ y: PAD.top + (1 - f) * (H - PAD.top - PAD.bottom), v: Math.round(max * f) }));
  return (
    <g fontSize="11" fill="#57606a">
      {ticks.map((t) => (
        <g key={t.v}>
          <line x1={PAD.left} x2={W - PAD.right} y1={t.y} y2={t.y} stroke="#e6e9ee" />
          <text x={PAD.left - 6} y={t.y + 4} textAnchor="end">{format.number(t.v)}</text>
        </g>
      ))}
    </g>
  );
}

export function LineChart({ title, points, color = '#3b4fd8' }: { title: string; points: Point[]; color?: string }) {
  const max = niceMax(Math.max(0, ...points.map((p) => p.value)));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length <= 1 ? innerW / 2 : (i / (points.length - 1)) * innerW);
  const y = (v: number) => PAD.top + (1 - v / max) * innerH;
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const labelEvery = Math.max(1, Math.ceil(points.length / 8));
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={title}>
        <Axes max={max} />
        <path d={path} fill="none" stroke={color} strokeWidth="2" />
        {points.map((p, i) => (
          <g key={p.label}>
            <circle cx={x(i)} cy={y(p.value)} r="3" fill={color}><title>{`${p.label}: ${p.value}`}</title></circle>
            {i % labelEvery === 0 && <text x={x(i)} y={H - 8} fontSize="11" fill="#57606a" textAnchor="middle">{p.label}</text>}
          </g>
        ))}
      </svg>
      <DataTable title={title} points={points} />
    </figure>
  );
}

export function BarChart({ title, points, color = '#3b4fd8' }: { title: string; points: Point[]; color?: string }) {
  const max = niceMax(Math.max(0, ...points.map((p) => p.value)));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = innerW / Math.max(1, points.length);
  const bar = Math.max(2, slot * 0.7);
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={title}>
        <Axes max={max} />
        {points.map((p, i) => {
          const h = (p.value / max) * innerH;
          const bx = PAD.left + i * slot + (slot - bar) / 2;
          return (
            <g key={p.label}>
              <rect x={bx} y={PAD.top + innerH - h} width={bar} height={h} fill={color} rx="2"><title>{`${p.label}: ${p.value}`}</title></rect>
              <text x={bx + bar / 2} y={H - 8} fontSize="11" fill="#57606a" textAnchor="middle">{p.label}</text>
            </g>
          );
        })}
      </svg>
      <DataTable title={title} points={points} />
    </figure>
  );
}
