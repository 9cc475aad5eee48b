import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { MessageStatus } from '@rundbrief/db';
import {
  DomainError, MESSAGE_LOG_PAGE_SIZE, getCampaignAuthentication, getCampaignSummary, getCampaignTimeline, getDomainTable, getTopLinks,
  listCampaignMessages, messageStatusFilter,
} from '@rundbrief/core';
import { dailyLimitNotice } from '@rundbrief/core/sending/daily-limit';
import { requireMember } from '@/lib/session';
import { BarChart, LineChart } from '@/components/Charts';
import { CampaignStatusBadge } from '@/components/StatusBadge';
import { EmptyState } from '@/components/EmptyState';
import { Stat } from '@/components/Stat';
import { Pagination, pageParam } from '@/components/Pagination';
import { percent, seriesPoints } from '../../../reports/format.ts';
import styles from '../../../reports/reports.module.css';
import { getAbReport } from '@rundbrief/core/reports/ab-report';
import { AbResults } from '../AbResults';

export const metadata: Metadata = { title: 'Campaign report' };

const STATUSES: MessageStatus[] = ['SENT', 'BOUNCED', 'DEFERRED', 'FAILED', 'QUEUED', 'SENDING', 'SKIPPED', 'AMBIGUOUS', 'HELD'];
const when = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) : '—');

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ status?: string; page?: string }> };

export default async function CampaignReportPage({ params, searchParams }: Props) {
  const member = await requireMember('VIEWER');
  const { tenantId } = member;
  const { id } = await params;
  const sp = await searchParams;
  const status = messageStatusFilter.parse(sp.status);
  const page = pageParam(sp.page);
  const ctx = { tenantId };
  let data;
  try {
    data = await Promise.all([
      getCampaignSummary(ctx, id), getCampaignTimeline(ctx, id), getDomainTable(ctx, id), getTopLinks(ctx, id),
      listCampaignMessages(ctx, id, { status, page }), getCampaignAuthentication(ctx, id), getAbReport(ctx, id),
    ]);
  } catch (err) {
    // Unknown, malformed or another tenant's campaign id: the same 404.
    if (err instanceof DomainError && err.code === 'NOT_FOUND') notFound();
    throw err;
  }
  const [summary, timeline, domains, links, log, auth, ab] = data;
  const { campaign: c, counts, rates } = summary;
  const label = (d: Date) => (timeline.unit === 'hour' ? d.toISOString().slice(5, 13).replace('T', ' ') + 'h' : d.toISOString().slice(5, 10));
  const logHref = (p: number, s = status) => `?${new URLSearchParams({ ...(s ? { status: s } : {}), ...(p > 1 ? { page: String(p) } : {}) })}#messages`;
  const exportHref = `/app/campaigns/${c.id}/report/export${status ? `?status=${status}` : ''}`;

  return (
    <div className="stack" style={{ gap: 24 }}>
      <div className="page-header">
        <div>
          <p className="muted" style={{ margin: 0 }}><Link href={`/app/campaigns/${c.id}`}>← {c.name}</Link></p>
          <h1>Report: {c.name}</h1>
          <p className="muted" style={{ margin: 0 }}>{c.subject} · <CampaignStatusBadge status={c.status} /> · started {when(c.startedAt)}</p>
        </div>
        <a className="btn" href={exportHref} download>Export CSV</a>
      </div>

      {c.pauseReason && (c.status === 'AUTO_PAUSED' || c.status === 'PAUSED') && (
        <div className={`alert ${c.status === 'AUTO_PAUSED' ? 'alert-error' : 'alert-warning'}`} role="status" data-testid="pause-reason">
          <strong>{c.status === 'AUTO_PAUSED' ? 'Paused automatically. ' : 'Paused. '}</strong>{c.pauseReason}
        </div>
      )}

      {dailyLimitNotice(c) && <div className="alert alert-info" role="status" data-testid="daily-limit">{dailyLimitNotice(c)}</div>}

      {ab && <AbResults campaignId={c.id} ab={ab} canControl={member.role !== 'VIEWER'} />}

      <section aria-label="Totals" className="grid-cards">
        <Stat label="Delivered" value={counts.delivered} detail={`of ${counts.recipients.toLocaleString('en')} recipients`} />
        <Stat label="Unique opens" value={counts.uniqueOpens} detail={`${percent(rates.open)} · ${counts.machineOpens.toLocaleString('en')} machine opens left out`} />
        <Stat label="Unique clicks" value={counts.uniqueClicks} detail={`${percent(rates.click)} · ${counts.machineClicks.toLocaleString('en')} scanner clicks left out`} />
        <Stat label="Bounced" value={counts.bounced} detail={percent(rates.bounce)} />
        <Stat label="Complaints" value={counts.complaints} detail={percent(rates.complaint)} />
        <Stat label="Unsubscribes" value={counts.unsubscribes} detail={percent(rates.unsubscribe)} />
        <Stat label="Excluded by sunset" value={counts.sunsetExcluded} detail="inactive for more than 6 months" />
        <Stat label="Deferred / failed" value={counts.deferred + counts.failed} detail={`${counts.queued.toLocaleString('en')} still queued`} />
      </section>
      {(!c.trackOpens || !c.trackClicks) && (
        <p className="muted">Tracking was switched off for {[!c.trackOpens && 'opens', !c.trackClicks && 'clicks'].filter(Boolean).join(' and ')} in this campaign.</p>
      )}

      {auth && (
        <section aria-labelledby="alignment-title" data-testid="alignment">
          <h2 id="alignment-title">Authentication</h2>
          <p className="muted" style={{ margin: 0 }}>
            {auth.recorded ? `How mail from ${auth.fromDomain} was authenticated when sending started` : `Not sent yet: how mail from ${auth.fromDomain} would be authenticated now`}
            {' '}(DMARC, relaxed alignment with the From domain).
          </p>
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>Check</th><th>Identifier</th><th>Passes</th><th>Aligned with {auth.fromDomain}</th></tr></thead>
              <tbody>
                <tr data-testid="alignment-dkim">
                  <td>DKIM</td>
                  <td className="mono">{auth.dkim.signatures.map((s) => `d=${s.domain} (${s.algorithm})`).join(', ') || '—'}</td>
                  <td>{auth.dkim.pass ? 'yes' : 'no'}</td><td>{auth.dkim.aligned ? 'yes' : 'no'}</td>
                </tr>
                <tr data-testid="alignment-spf">
                  <td>SPF</td>
                  <td className="mono">envelope {auth.spf.envelopeDomain}</td>
                  <td>{auth.spf.pass ? 'yes' : 'no'}</td><td>{auth.spf.aligned ? 'yes' : 'no'}</td>
                </tr>
              </tbody>
            </table>
          </div>
          <p data-testid="alignment-dmarc" style={{ margin: 0 }}>
            {auth.dmarcPass
              ? `DMARC: pass expected${auth.spf.aligned && auth.spf.pass && auth.dkim.pass ? ' (both DKIM and SPF aligned)' : auth.dkim.pass ? ' on DKIM alone: publish the return-path records so SPF aligns too' : ' on SPF alone'}.`
              : 'DMARC: fail expected. Neither DKIM nor SPF passes aligned with the From domain; check the domain under Settings → Domains.'}
          </p>
        </section>
      )}

      <section aria-labelledby="over-time">
        <h2 id="over-time">Over time ({timeline.unit === 'hour' ? 'per hour' : 'per day'}, UTC)</h2>
        {timeline.buckets.length === 0 ? (
          <EmptyState title="Nothing delivered yet">The charts fill in as mail is delivered and recipients react.</EmptyState>
        ) : (
          <div className={styles.charts} data-testid="report-charts">
            {([['delivered', 'Delivered'], ['opens', 'Opens (human)'], ['clicks', 'Clicks (human)'], ['bounces', 'Bounces'], ['complaints', 'Complaints'], ['unsubscribes', 'Unsubscribes']] as const).map(([key, title]) => (
              <div className="card" key={key}>
                <h3 className="card-title">{title}</h3>
                <LineChart title={title} points={seriesPoints(timeline.buckets, key, label)} />
              </div>
            ))}
            <div className="card">
              <h3 className="card-title">Bounces by category</h3>
              {summary.bouncesByCategory.length === 0 ? <p className="muted">No bounces.</p> : (
                <BarChart title="Bounces by category" points={summary.bouncesByCategory.map((b) => ({ label: b.category, value: b.count }))} color="#c8242f" />
              )}
            </div>
          </div>
        )}
      </section>

      <section aria-labelledby="domains">
        <h2 id="domains">Recipient domains</h2>
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>Domain</th><th className="num">Recipients</th><th className="num">Delivered</th><th className="num">Bounced</th><th className="num">Deferred</th><th className="num">Failed</th><th className="num">Opened</th><th className="num">Clicked</th></tr></thead>
            <tbody>
              {domains.map((d) => (
                <tr key={d.domain}>
                  <td>{d.domain}</td><td className="num">{d.total}</td><td className="num">{d.delivered}</td><td className="num">{d.bounced}</td>
                  <td className="num">{d.deferred}</td><td className="num">{d.failed}</td><td className="num">{d.opened}</td><td className="num">{d.clicked}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="links">
        <h2 id="links">Top links</h2>
        {links.length === 0 ? <p className="muted">No tracked links in this campaign.</p> : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>Link</th><th className="num">Clicks</th><th className="num">Unique clickers</th><th className="num">Scanner clicks</th></tr></thead>
              <tbody>
                {links.map((l) => (
                  <tr key={l.index}><td className="mono" style={{ wordBreak: 'break-all' }}>{l.url}</td><td className="num">{l.clicks}</td><td className="num">{l.uniqueClickers}</td><td className="num">{l.machineClicks}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="messages" id="messages">
        <h2 id="messages-title">Messages</h2>
        <nav className="tabs" aria-label="Filter by status">
          <Link href={logHref(1, undefined)} aria-current={!status ? 'page' : undefined}>All</Link>
          {STATUSES.map((s) => <Link key={s} href={logHref(1, s)} aria-current={status === s ? 'page' : undefined}>{s.toLowerCase()}</Link>)}
        </nav>
        <p className="muted">{log.total.toLocaleString('en')} messages</p>
        <div className="table-wrap">
          <table className="table" data-testid="message-log">
            <thead><tr><th>Recipient</th><th>Status</th><th>Server reply</th><th>Source IP</th><th>Sent</th><th>Opened</th><th>Clicked</th></tr></thead>
            <tbody>
              {log.rows.map((m) => (
                <tr key={m.id}>
                  <td>{m.email}</td>
                  <td>{m.status.toLowerCase()}{m.bounceCategory ? ` (${m.bounceCategory})` : ''}{m.skipReason ? ` – ${m.skipReason}` : ''}</td>
                  <td className="mono">{m.smtpReply ?? '—'}</td>
                  <td className="mono">{m.sourceIp ?? '—'}</td>
                  <td>{when(m.sentAt)}</td><td>{when(m.firstOpenAt)}</td><td>{when(m.firstClickAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pagination page={log.page} pageSize={MESSAGE_LOG_PAGE_SIZE} total={log.total} href={(p) => logHref(p)} />
      </section>
    </div>
  );
}
