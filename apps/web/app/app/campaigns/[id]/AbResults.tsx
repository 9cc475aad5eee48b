// The A/B test's figures side by side (campaign page while sending, and the report): per
// variant delivered, human opens and clicks and their rates, machine ones left out; the
// winner and how it was chosen, or when it will be, with "pick winner now".
import { useFormatter, useTranslations } from 'next-intl';
import type { AbReport } from '@rundbrief/core/reports/ab-report';
import { ActionButton } from '@/components/ActionButton';
import { BarChart } from '@/components/Charts';
import { pickAbWinnerAction } from './control-actions';
import { AbCountdown } from './AbCountdown';
import { formatPercent } from '../../reports/format';


export function AbResults({ campaignId, ab, canControl }: { campaignId: string; ab: AbReport; canControl: boolean }) {
  const t = useTranslations('campaigns.ab');
  const format = useFormatter();
  const pct = (x: number) => formatPercent(format, x);
  const when = (d: Date | null) => (d ? format.dateTime(d, 'dateTime') : '—');
  return (
    <section className="card" aria-labelledby="ab-results-h" data-testid="ab-results">
      <h2 id="ab-results-h" className="card-title">{t('title')}</h2>
      {ab.winner ? (
        <p role="status" data-testid="ab-winner">
          {t.rich('won', { label: ab.winner.label, by: ab.winner.by ?? 'AUTO', metric: ab.metric, at: when(ab.winner.at), strong: (s) => <strong>{s}</strong> })}
        </p>
      ) : ab.canPick ? (
        <p role="status" data-testid="ab-waiting">
          {t.rich('waiting', {
            share: ab.testPercent / 100, held: ab.held, metric: ab.metric, at: when(ab.dueAt), tieRule: t('tieRule'),
            strong: (s) => <strong>{s}</strong>,
            countdown: () => (ab.dueAt ? <>{' ('}<AbCountdown at={ab.dueAt.toISOString()} />{')'}</> : null),
          })}
        </p>
      ) : (
        <p className="muted">{t('stopped')}</p>
      )}
      <div className="table-wrap">
        <table className="table" data-testid="ab-table">
          <thead>
            <tr><th scope="col">{t('columns.variant')}</th><th scope="col">{t('columns.subject')}</th><th scope="col">{t('columns.delivered')}</th><th scope="col">{t('columns.opens')}</th><th scope="col">{t('columns.openRate')}</th><th scope="col">{t('columns.clicks')}</th><th scope="col">{t('columns.clickRate')}</th><th scope="col">{t('columns.machine')}</th>{ab.canPick && canControl && <th scope="col"><span className="sr-only">{t('columns.pick')}</span></th>}</tr>
          </thead>
          <tbody>
            {ab.variants.map((v) => (
              <tr key={v.id} data-testid={`ab-row-${v.label}`} data-winner={v.winner ? 'true' : undefined}>
                <th scope="row">{v.label}{v.winner && <> <span className="badge badge-success">{t('winner')}</span></>}</th>
                <td>{v.subject}</td>
                <td>{format.number(v.sent)}{v.queued > 0 && <span className="muted">{t('queued', { count: v.queued })}</span>}</td>
                <td>{format.number(v.opens)}</td>
                <td>{pct(v.openRate)}</td>
                <td>{format.number(v.clicks)}</td>
                <td>{pct(v.clickRate)}</td>
                <td className="muted">{t('machine', { opens: v.machineOpens, clicks: v.machineClicks })}</td>
                {ab.canPick && canControl && (
                  <td>
                    <ActionButton action={pickAbWinnerAction} fields={{ campaignId, variantId: v.id }} label={t('pick', { label: v.label })}
                      confirm={{ title: t('pickTitle', { label: v.label }), message: <p>{t('pickBody', { held: ab.held, label: v.label, at: when(ab.dueAt) })}</p>, confirmLabel: t('pickConfirm', { label: v.label }), dismissLabel: t('keepWaiting'), danger: false }} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <BarChart title={t('chart', { metric: ab.metric })} points={ab.variants.map((v) => ({ label: t('variant', { label: v.label }), value: Math.round(v.rate * 1000) / 10 }))} />
    </section>
  );
}
