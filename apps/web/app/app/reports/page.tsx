import type { Metadata } from 'next';
import Link from 'next/link';
import { tenantDb } from '@rundbrief/db';
import { getSunsetReport, getTenantTrends } from '@rundbrief/core';
import { getFormatter } from 'next-intl/server';
import { requireMember } from '@/lib/session';
import { LineChart } from '@/components/Charts';
import { CampaignStatusBadge } from '@/components/StatusBadge';
import { EmptyState } from '@/components/EmptyState';
import { formatPercent } from './format.ts';
import styles from './reports.module.css';

export const metadata: Metadata = { title: 'Reports' };

const SERIES = [
  ['delivered', 'Delivered', '#3b4fd8'], ['opens', 'Opens (human)', '#1a7f37'], ['clicks', 'Clicks (human)', '#0b62a4'],
  ['bounces', 'Bounces', '#c8242f'], ['complaints', 'Complaints', '#8a5a00'], ['unsubscribes', 'Unsubscribes', '#57606a'],
] as const;

export default async function ReportsPage() {
  const { tenantId } = await requireMember('VIEWER');
  const format = await getFormatter();
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
      <div className="page-header"><h1>Reports</h1></div>

      <section aria-labelledby="trends">
        <h2 id="trends">Last 30 days</h2>
        <p className="muted">
          {t.delivered.toLocaleString('en')} delivered · {t.opens.toLocaleString('en')} human opens · {t.clicks.toLocaleString('en')} human clicks ·
          {' '}{t.bounces.toLocaleString('en')} bounces · {t.complaints.toLocaleString('en')} complaints · {t.unsubscribes.toLocaleString('en')} unsubscribes.
          Opens by mail privacy proxies and clicks by security scanners are left out.
        </p>
        <div className={styles.charts} data-testid="trend-charts">
          {SERIES.map(([key, title, color]) => (
            <div className="card" key={key}>
              <h3 className="card-title">{title}</h3>
              <LineChart title={`${title} per day`} color={color} points={trends.points.map((p) => ({ label: p.day.slice(5), value: p[key] }))} />
            </div>
          ))}
        </div>
      </section>

      <section aria-labelledby="campaigns-title">
        <h2 id="campaigns-title">Campaigns</h2>
        {campaigns.length === 0 ? (
          <EmptyState title="No campaigns sent yet">Reports appear here once a campaign starts sending.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>Campaign</th><th>Status</th><th className="num">Delivered</th><th className="num">Open rate</th><th className="num">Click rate</th><th className="num">Bounced</th><th className="num">Complaints</th><th className="num">Sunset-excluded</th></tr></thead>
              <tbody>
                {campaigns.map((c) => (
                  <tr key={c.id}>
                    <td><Link href={`/app/campaigns/${c.id}/report`}>{c.name}</Link></td>
                    <td><CampaignStatusBadge status={c.status} /></td>
                    <td className="num">{c.sentCount.toLocaleString('en')}</td>
                    <td className="num">{formatPercent(format, c.sentCount ? c.openCount / c.sentCount : 0)}</td>
                    <td className="num">{formatPercent(format, c.sentCount ? c.clickCount / c.sentCount : 0)}</td>
                    <td className="num">{c.bouncedCount.toLocaleString('en')}</td>
                    <td className="num">{c.complaintCount.toLocaleString('en')}</td>
                    <td className="num">{c.sunsetExcluded.toLocaleString('en')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="sunset-title">
        <h2 id="sunset-title">Sunset report</h2>
        <p className="muted">
          Confirmed subscribers with no open or click for more than 6 months (and confirmed longer ago than that) are left out of
          normal campaigns. A re-engagement campaign can target exactly them, once.
        </p>
        {sunset.length === 0 ? <p className="muted">No lists yet.</p> : (
          <div className="table-wrap">
            <table className="table" data-testid="sunset-report">
              <thead><tr><th>List</th><th className="num">Confirmed</th><th className="num">Inactive &gt; 6 months</th><th className="num">Share</th></tr></thead>
              <tbody>
                {sunset.map((l) => (
                  <tr key={l.listId}><td>{l.name}</td><td className="num">{l.confirmed.toLocaleString('en')}</td><td className="num">{l.inactive.toLocaleString('en')}</td><td className="num">{formatPercent(format, l.share)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
