import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import type { MessageStatus } from '@rundbrief/db';
import {
  DomainError, MESSAGE_LOG_PAGE_SIZE, getCampaignAuthentication, getCampaignSummary, getCampaignTimeline, getDomainTable, getTopLinks,
  listCampaignMessages, messageStatusFilter, bounceCategoryParts, skipReasonText,
} from '@rundbrief/core';
import { dailyLimitNotice, dailyLimitNoticeText } from '@rundbrief/core/sending/daily-limit';
import { pauseReasonText } from '@rundbrief/core/sending/pause-reason';
import { sayBounceCategory, sayCore } from '@/lib/core-texts';
import { requireMember } from '@/lib/session';
import { BarChart, LineChart } from '@/components/Charts';
import { CampaignStatusBadge } from '@/components/StatusBadge';
import { EmptyState } from '@/components/EmptyState';
import { Stat } from '@/components/Stat';
import { Pagination, pageParam } from '@/components/Pagination';
import { formatPercent, seriesPoints } from '../../../reports/format.ts';
import styles from '../../../reports/reports.module.css';
import { getAbReport } from '@rundbrief/core/reports/ab-report';
import { AbResults } from '../AbResults';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('campaigns'))('report.title') };
}

const STATUSES: MessageStatus[] = ['SENT', 'BOUNCED', 'DEFERRED', 'FAILED', 'QUEUED', 'SENDING', 'SKIPPED', 'AMBIGUOUS', 'HELD'];

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
  const [t, tr, format, tc] = await Promise.all([getTranslations('campaigns.report'), getTranslations('reports'), getFormatter(), getTranslations('coreTexts')]);
  const when = (d: Date | null) => (d ? format.dateTime(d, 'dateTime') : '—');
  const percent = (x: number) => formatPercent(format, x);
  const yesNo = (b: boolean) => (b ? t('auth.yes') : t('auth.no'));
  const label = (d: Date) => (timeline.unit === 'hour'
    ? format.dateTime(d, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
    : format.dateTime(d, 'dayMonth'));
  const logHref = (p: number, s = status) => `?${new URLSearchParams({ ...(s ? { status: s } : {}), ...(p > 1 ? { page: String(p) } : {}) })}#messages`;
  const exportHref = (format: 'utf8' | 'excel-de') => {
    const q = new URLSearchParams({ ...(status ? { status } : {}), ...(format === 'excel-de' ? { format } : {}) }).toString();
    return `/app/campaigns/${c.id}/report/export${q ? `?${q}` : ''}`;
  };

  return (
    <div className="stack" style={{ gap: 24 }}>
      <div className="page-header">
        <div>
          <p className="muted" style={{ margin: 0 }}><Link href={`/app/campaigns/${c.id}`}>← {c.name}</Link></p>
          <h1>{t('heading', { name: c.name })}</h1>
          <p className="muted" style={{ margin: 0 }}>{c.subject} · <CampaignStatusBadge status={c.status} /> · {t('started', { when: when(c.startedAt) })}</p>
        </div>
        <div className="toolbar">
          <a className="btn" href={exportHref('utf8')} download>{t('exportCsv')}</a>
          <a className="btn" href={exportHref('excel-de')} download>{t('exportExcel')}</a>
        </div>
      </div>

      {c.pauseReason && (c.status === 'AUTO_PAUSED' || c.status === 'PAUSED') && (
        <div className={`alert ${c.status === 'AUTO_PAUSED' ? 'alert-error' : 'alert-warning'}`} role="status" data-testid="pause-reason">
          <strong>{c.status === 'AUTO_PAUSED' ? t('pausedAuto') : t('paused')}</strong>{sayCore(tc, pauseReasonText(c.pauseReason), c.pauseReason)}
        </div>
      )}

      {dailyLimitNotice(c) && <div className="alert alert-info" role="status" data-testid="daily-limit">{sayCore(tc, dailyLimitNoticeText(c), dailyLimitNotice(c))}</div>}

      {ab && <AbResults campaignId={c.id} ab={ab} canControl={member.role !== 'VIEWER'} />}

      <section aria-label={t('totals')} className="grid-cards">
        <Stat label={t('delivered')} value={counts.delivered} detail={t('ofRecipients', { count: counts.recipients })} />
        <Stat label={t('uniqueOpens')} value={counts.uniqueOpens} detail={t('opensDetail', { rate: percent(rates.open), machine: counts.machineOpens })} />
        <Stat label={t('uniqueClicks')} value={counts.uniqueClicks} detail={t('clicksDetail', { rate: percent(rates.click), machine: counts.machineClicks })} />
        <Stat label={t('bounced')} value={counts.bounced} detail={percent(rates.bounce)} />
        <Stat label={t('complaints')} value={counts.complaints} detail={percent(rates.complaint)} />
        <Stat label={t('unsubscribes')} value={counts.unsubscribes} detail={percent(rates.unsubscribe)} />
        <Stat label={t('sunset')} value={counts.sunsetExcluded} detail={t('sunsetDetail')} />
        <Stat label={t('deferredFailed')} value={counts.deferred + counts.failed} detail={t('stillQueued', { count: counts.queued })} />
      </section>
      {(!c.trackOpens || !c.trackClicks) && (
        <p className="muted">{t('trackingOff', { what: !c.trackOpens && !c.trackClicks ? 'both' : !c.trackOpens ? 'opens' : 'clicks' })}</p>
      )}

      {auth && (
        <section aria-labelledby="alignment-title" data-testid="alignment">
          <h2 id="alignment-title">{t('auth.title')}</h2>
          <p className="muted" style={{ margin: 0 }}>
            {t(auth.recorded ? 'auth.recorded' : 'auth.predicted', { domain: auth.fromDomain })}
          </p>
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>{t('auth.check')}</th><th>{t('auth.identifier')}</th><th>{t('auth.passes')}</th><th>{t('auth.aligned', { domain: auth.fromDomain })}</th></tr></thead>
              <tbody>
                <tr data-testid="alignment-dkim">
                  <td>DKIM</td>
                  <td className="mono">{auth.dkim.signatures.map((s) => `d=${s.domain} (${s.algorithm})`).join(', ') || '—'}</td>
                  <td>{yesNo(auth.dkim.pass)}</td><td>{yesNo(auth.dkim.aligned)}</td>
                </tr>
                <tr data-testid="alignment-spf">
                  <td>SPF</td>
                  <td className="mono">{t('auth.envelope', { domain: auth.spf.envelopeDomain })}</td>
                  <td>{yesNo(auth.spf.pass)}</td><td>{yesNo(auth.spf.aligned)}</td>
                </tr>
              </tbody>
            </table>
          </div>
          <p data-testid="alignment-dmarc" style={{ margin: 0 }}>
            {auth.dmarcPass
              ? t('auth.dmarcPass', { how: auth.spf.aligned && auth.spf.pass && auth.dkim.pass ? 'both' : auth.dkim.pass ? 'dkim' : 'spf' })
              : t('auth.dmarcFail')}
          </p>
        </section>
      )}

      <section aria-labelledby="over-time">
        <h2 id="over-time">{t('overTime', { unit: timeline.unit })}</h2>
        {timeline.buckets.length === 0 ? (
          <EmptyState title={t('nothingYet')}>{t('nothingYetBody')}</EmptyState>
        ) : (
          <div className={styles.charts} data-testid="report-charts">
            {(['delivered', 'opens', 'clicks', 'bounces', 'complaints', 'unsubscribes'] as const).map((key) => [key, tr(`series.${key}`)] as const).map(([key, title]) => (
              <div className="card" key={key}>
                <h3 className="card-title">{title}</h3>
                <LineChart title={title} points={seriesPoints(timeline.buckets, key, label)} />
              </div>
            ))}
            <div className="card">
              <h3 className="card-title">{t('bouncesByCategory')}</h3>
              {summary.bouncesByCategory.length === 0 ? <p className="muted">{t('noBounces')}</p> : (
                <BarChart title={t('bouncesByCategory')} points={summary.bouncesByCategory.map((b) => ({ label: b.category, value: b.count }))} color="#c8242f" />
              )}
            </div>
          </div>
        )}
      </section>

      <section aria-labelledby="domains">
        <h2 id="domains">{t('domains')}</h2>
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>{t('domainColumns.domain')}</th><th className="num">{t('domainColumns.recipients')}</th><th className="num">{t('domainColumns.delivered')}</th><th className="num">{t('domainColumns.bounced')}</th><th className="num">{t('domainColumns.deferred')}</th><th className="num">{t('domainColumns.failed')}</th><th className="num">{t('domainColumns.opened')}</th><th className="num">{t('domainColumns.clicked')}</th></tr></thead>
            <tbody>
              {domains.map((d) => (
                <tr key={d.domain}>
                  <td>{d.domain}</td><td className="num">{format.number(d.total)}</td><td className="num">{format.number(d.delivered)}</td><td className="num">{format.number(d.bounced)}</td>
                  <td className="num">{format.number(d.deferred)}</td><td className="num">{format.number(d.failed)}</td><td className="num">{format.number(d.opened)}</td><td className="num">{format.number(d.clicked)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="links">
        <h2 id="links">{t('links')}</h2>
        {links.length === 0 ? <p className="muted">{t('noLinks')}</p> : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>{t('linkColumns.link')}</th><th className="num">{t('linkColumns.clicks')}</th><th className="num">{t('linkColumns.unique')}</th><th className="num">{t('linkColumns.scanner')}</th></tr></thead>
              <tbody>
                {links.map((l) => (
                  <tr key={l.index}><td className="mono" style={{ wordBreak: 'break-all' }}>{l.url}</td><td className="num">{format.number(l.clicks)}</td><td className="num">{format.number(l.uniqueClickers)}</td><td className="num">{format.number(l.machineClicks)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="messages" id="messages">
        <h2 id="messages-title">{t('messages')}</h2>
        <nav className="tabs" aria-label={t('filter')}>
          <Link href={logHref(1, undefined)} aria-current={!status ? 'page' : undefined}>{t('all')}</Link>
          {STATUSES.map((s) => <Link key={s} href={logHref(1, s)} aria-current={status === s ? 'page' : undefined}>{t('messageStatus', { status: s })}</Link>)}
        </nav>
        <p className="muted">{t('messageCount', { count: log.total })}</p>
        <div className="table-wrap">
          <table className="table" data-testid="message-log">
            <thead><tr><th>{t('messageColumns.recipient')}</th><th>{t('messageColumns.status')}</th><th>{t('messageColumns.reply')}</th><th>{t('messageColumns.ip')}</th><th>{t('messageColumns.sent')}</th><th>{t('messageColumns.opened')}</th><th>{t('messageColumns.clicked')}</th></tr></thead>
            <tbody>
              {log.rows.map((m) => (
                <tr key={m.id}>
                  <td>{m.email}</td>
                  <td>{t('messageStatus', { status: m.status })}{m.bounceCategory ? ` (${sayBounceCategory(tc, bounceCategoryParts(m.bounceCategory))})` : ''}{m.skipReason ? ` – ${sayCore(tc, skipReasonText(m.skipReason), m.skipReason)}` : ''}</td>
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
