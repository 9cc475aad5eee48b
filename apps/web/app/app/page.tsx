import type { Metadata } from 'next';
import Link from 'next/link';
import { tenantDb } from '@rundbrief/db';
import { can } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { EmptyState } from '@/components/EmptyState';
import { Stat } from '@/components/Stat';
import { CampaignStatusBadge } from '@/components/StatusBadge';

export const metadata: Metadata = { title: 'Dashboard' };

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

  return (
    <div className="stack" style={{ gap: 24 }}>
      <div className="page-header">
        <h1>Dashboard</h1>
        {manage && <Link className="btn btn-primary" href="/app/campaigns">New campaign</Link>}
      </div>

      <section aria-label="Totals" className="grid-cards">
        <Stat label="Subscribers" value={subscribers} detail={`${activeSubscribers.toLocaleString('en')} active`} />
        <Stat label="Lists" value={lists} />
        <Stat label="Campaigns" value={campaigns} />
      </section>

      {lists === 0 && manage && (
        <EmptyState title="Start with a list" action={{ href: '/app/lists', label: 'Create a list' }}>
          Subscribers join lists through signup forms, imports or the API. Campaigns go to lists.
        </EmptyState>
      )}

      <section aria-labelledby="recent-campaigns">
        <h2 id="recent-campaigns">Recent campaigns</h2>
        {recent.length === 0 ? (
          <EmptyState title="No campaigns yet" action={manage ? { href: '/app/campaigns', label: 'Write your first campaign' } : undefined}>
            Campaigns you create appear here with their delivery and open numbers.
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr><th>Campaign</th><th>Status</th><th className="num">Sent</th><th className="num">Opens</th><th>Created</th></tr>
              </thead>
              <tbody>
                {recent.map((c) => (
                  <tr key={c.id}>
                    <td><Link href={`/app/campaigns/${c.id}`}>{c.name}</Link><div className="muted">{c.subject}</div></td>
                    <td><CampaignStatusBadge status={c.status} /></td>
                    <td className="num">{c.sentCount.toLocaleString('en')}</td>
                    <td className="num">{c.openCount.toLocaleString('en')}</td>
                    <td>{c.createdAt.toISOString().slice(0, 10)}</td>
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
