import type { Metadata } from 'next';
import Link from 'next/link';
import { tenantDb } from '@rundbrief/db';
import { getSunsetReport, getTenantTrends } from '@rundbrief/core';
import { getFormatter, getTranslations } from 'next-intl/server';
import { requireMember } from '@/lib/session';
import { LineChart } from '@/components/Charts';
import { CampaignStatusBadge } from '@/components/StatusBadge';
import { EmptyState } from '@/components/EmptyState';
import { formatPercent } from './format.ts';
import styles from './reports.module.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('reports'))('title') };
}

const SERIES = [
  ['delivered', '#3b4fd8'], ['opens', '#1a7f37'], ['clicks', '#0b62a4'],
  ['bounces', '#c8242f'], ['complaints', '#8a5a00'], ['unsubscribes', '#57606a'],
] as const;

export default async function ReportsPage() {
  const { tenantId } = await requireMember('VIEWER');
  const [format, tr] = await Promise.all([getFormatter(), getTranslations('reports')]);
  const [trends, sunset, campaigns] = await Promise.all([
    getTenantTrends({ tenantId }),
    getSunsetReport({ tenantId }),
    tenantDb(tenantId).campaign.findMany({
      where: { status: { not: 'DRAFT' } }, orderBy: { createdAt: 'desc' }, take: 20,
      select: { id: true, name: true, status: true, sentCount: true, openCount: true, clickCount: true, bouncedCount: true, complaintCount: true, sunsetExcluded: true, startedAt: true },
    }),
  ]);
  const t = trends.total;

  return (
    <div className="stack" style={{ gap: 24 }}>
      <div className="page-header"><h1>{tr('title')}</h1></div>

      <section aria-labelledby="trends">
        <h2 id="trends">{tr('last30')}</h2>
        <p className="muted">
          {tr('totals', { delivered: t.delivered, opens: t.opens, clicks: t.clicks, bounces: t.bounces, complaints: t.complaints, unsubscribes: t.unsubscribes })}
        </p>
        <div className={styles.charts} data-testid="trend-charts">
          {SERIES.map(([key, color]) => (
            <div className="card" key={key}>
              <h3 className="card-title">{tr(`series.${key}`)}</h3>
              <LineChart title={tr('perDay', { title: tr(`series.${key}`) })} color={color} points={trends.points.map((p) => ({ label: format.dateTime(new Date(`${p.day}T00:00:00Z`), 'dayMonth'), value: p[key] }))} />
            </div>
          ))}
        </div>
      </section>

      <section aria-labelledby="campaigns-title">
        <h2 id="campaigns-title">{tr('campaigns')}</h2>
        {campaigns.length === 0 ? (
          <EmptyState title={tr('empty.title')}>{tr('empty.body')}</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>{tr('columns.campaign')}</th><th>{tr('columns.status')}</th><th className="num">{tr('columns.delivered')}</th><th className="num">{tr('columns.openRate')}</th><th className="num">{tr('columns.clickRate')}</th><th className="num">{tr('columns.bounced')}</th><th className="num">{tr('columns.complaints')}</th><th className="num">{tr('columns.sunsetExcluded')}</th></tr></thead>
              <tbody>
                {campaigns.map((c) => (
                  <tr key={c.id}>
                    <td><Link href={`/app/campaigns/${c.id}/report`}>{c.name}</Link></td>
                    <td><CampaignStatusBadge status={c.status} /></td>
                    <td className="num">{format.number(c.sentCount)}</td>
                    <td className="num">{formatPercent(format, c.sentCount ? c.openCount / c.sentCount : 0)}</td>
                    <td className="num">{formatPercent(format, c.sentCount ? c.clickCount / c.sentCount : 0)}</td>
                    <td className="num">{format.number(c.bouncedCount)}</td>
                    <td className="num">{format.number(c.complaintCount)}</td>
                    <td className="num">{format.number(c.sunsetExcluded)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="sunset-title">
        <h2 id="sunset-title">{tr('sunset.title')}</h2>
        <p className="muted">{tr('sunset.intro')}</p>
        {sunset.length === 0 ? <p className="muted">{tr('sunset.empty')}</p> : (
          <div className="table-wrap">
            <table className="table" data-testid="sunset-report">
              <thead><tr><th>{tr('sunset.list')}</th><th className="num">{tr('sunset.confirmed')}</th><th className="num">{tr('sunset.inactive')}</th><th className="num">{tr('sunset.share')}</th></tr></thead>
              <tbody>
                {sunset.map((l) => (
                  <tr key={l.listId}><td>{l.name}</td><td className="num">{format.number(l.confirmed)}</td><td className="num">{format.number(l.inactive)}</td><td className="num">{formatPercent(format, l.share)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
