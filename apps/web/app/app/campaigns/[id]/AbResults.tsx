// The A/B test's figures side by side (campaign page while sending, and the report): per
// variant delivered, human opens and clicks and their rates, machine ones left out; the
// winner and how it was chosen, or when it will be, with "pick winner now".
import type { AbReport } from '@rundbrief/core/reports/ab-report';
import { ActionButton } from '@/components/ActionButton';
import { BarChart } from '@/components/Charts';
import { pickAbWinnerAction } from './control-actions';
import { AbCountdown } from './AbCountdown';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const when = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—');

export function AbResults({ campaignId, ab, canControl }: { campaignId: string; ab: AbReport; canControl: boolean }) {
  const metricName = ab.metric === 'OPEN' ? 'open rate' : 'click rate';
  return (
    <section className="card" aria-labelledby="ab-results-h" data-testid="ab-results">
      <h2 id="ab-results-h" className="card-title">A/B test</h2>
      {ab.winner ? (
        <p role="status" data-testid="ab-winner">
          <strong>Variant {ab.winner.label} won</strong>, chosen {ab.winner.by === 'MANUAL' ? 'by hand' : `automatically by ${metricName}`} at {when(ab.winner.at)}.
          {' '}The rest of the audience gets variant {ab.winner.label}.
        </p>
      ) : ab.canPick ? (
        <p role="status" data-testid="ab-waiting">
          {ab.testPercent} % of the audience got the test; {ab.held.toLocaleString('en')} recipients wait for the winner.
          {' '}The winner (best {metricName}) will be chosen at <strong>{when(ab.dueAt)}</strong>{ab.dueAt && <> (<AbCountdown at={ab.dueAt.toISOString()} />)</>}. {ab.tieRule}
        </p>
      ) : (
        <p className="muted">No winner was chosen: the campaign stopped before the wait ended.</p>
      )}
      <div className="table-wrap">
        <table className="table" data-testid="ab-table">
          <thead>
            <tr><th scope="col">Variant</th><th scope="col">Subject</th><th scope="col">Delivered</th><th scope="col">Opens</th><th scope="col">Open rate</th><th scope="col">Clicks</th><th scope="col">Click rate</th><th scope="col">Left out (machine opens / clicks)</th>{ab.canPick && canControl && <th scope="col"><span className="sr-only">Pick</span></th>}</tr>
          </thead>
          <tbody>
            {ab.variants.map((v) => (
              <tr key={v.id} data-testid={`ab-row-${v.label}`} data-winner={v.winner ? 'true' : undefined}>
                <th scope="row">{v.label}{v.winner && <> <span className="badge badge-success">Winner</span></>}</th>
                <td>{v.subject}</td>
                <td>{v.sent.toLocaleString('en')}{v.queued > 0 && <span className="muted"> ({v.queued.toLocaleString('en')} queued)</span>}</td>
                <td>{v.opens.toLocaleString('en')}</td>
                <td>{pct(v.openRate)}</td>
                <td>{v.clicks.toLocaleString('en')}</td>
                <td>{pct(v.clickRate)}</td>
                <td className="muted">{v.machineOpens.toLocaleString('en')} / {v.machineClicks.toLocaleString('en')}</td>
                {ab.canPick && canControl && (
                  <td>
                    <ActionButton action={pickAbWinnerAction} fields={{ campaignId, variantId: v.id }} label={`Pick ${v.label} as winner now`}
                      confirm={{ title: `Send variant ${v.label} to the rest?`, message: <p>The {ab.held.toLocaleString('en')} waiting recipients get variant {v.label} now, instead of the automatic choice at {when(ab.dueAt)}. This cannot be undone.</p>, confirmLabel: `Send variant ${v.label}`, dismissLabel: 'Keep waiting', danger: false }} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <BarChart title={`${metricName[0]!.toUpperCase()}${metricName.slice(1)} by variant (%)`} points={ab.variants.map((v) => ({ label: `Variant ${v.label}`, value: Math.round(v.rate * 1000) / 10 }))} />
    </section>
  );
}
