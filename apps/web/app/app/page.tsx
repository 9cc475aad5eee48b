import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { tenantDb } from '@rundbrief/db';
import { can } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { EmptyState } from '@/components/EmptyState';
import { Stat } from '@/components/Stat';
import { CampaignStatusBadge } from '@/components/StatusBadge';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('dashboard'))('title') };
}

export default async function Dashboard() {
  const { tenantId, role } = await requireMember();
  const db = tenantDb(tenantId);
  const [subscribers, activeSubscribers, lists, campaigns, recent] = await Promise.all([
    db.subscriber.count(),
    db.subscriber.count({ where: { status: 'ACTIVE' } }),
    db.list.count(),
    db.campaign.count(),
    db.campaign.findMany({
      orderBy: { createdAt: 'desc' },
      take: 5,
      select: { id: true, name: true, subject: true, status: true, sentCount: true, openCount: true, createdAt: true },
    }),
  ]);
  const manage = can(role, 'campaigns.write');
  const [t, format] = await Promise.all([getTranslations('dashboard'), getFormatter()]);

  return (
    <div className="stack" style={{ gap: 24 }}>
      <div className="page-header">
        <h1>{t('title')}</h1>
        {manage && <Link className="btn btn-primary" href="/app/campaigns">{t('newCampaign')}</Link>}
      </div>

      <section aria-label={t('totals')} className="grid-cards">
        <Stat label={t('subscribers')} value={subscribers} detail={t('activeSubscribers', { count: activeSubscribers })} />
        <Stat label={t('lists')} value={lists} />
        <Stat label={t('campaigns')} value={campaigns} />
      </section>

      {lists === 0 && manage && (
        <EmptyState title={t('startTitle')} action={{ href: '/app/lists', label: t('startAction') }}>
          {t('startBody')}
        </EmptyState>
      )}

      <section aria-labelledby="recent-campaigns">
        <h2 id="recent-campaigns">{t('recent')}</h2>
        {recent.length === 0 ? (
          <EmptyState title={t('noCampaignsTitle')} action={manage ? { href: '/app/campaigns', label: t('noCampaignsAction') } : undefined}>
            {t('noCampaignsBody')}
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr><th>{t('columns.campaign')}</th><th>{t('columns.status')}</th><th className="num">{t('columns.sent')}</th><th className="num">{t('columns.opens')}</th><th>{t('columns.created')}</th></tr>
              </thead>
              <tbody>
                {recent.map((c) => (
                  <tr key={c.id}>
                    <td><Link href={`/app/campaigns/${c.id}`}>{c.name}</Link><div className="muted">{c.subject}</div></td>
                    <td><CampaignStatusBadge status={c.status} /></td>
                    <td className="num">{format.number(c.sentCount)}</td>
                    <td className="num">{format.number(c.openCount)}</td>
                    <td>{format.dateTime(c.createdAt, 'date')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
