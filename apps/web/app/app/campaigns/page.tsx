import type { Metadata } from 'next';
import Link from 'next/link';
import { listCampaigns, listTemplates } from '@rundbrief/core/authoring/index';
import { requireMember } from '@/lib/session';
import { CampaignStatusBadge } from '@/components/StatusBadge';
import { NewCampaignForm } from './NewCampaignForm';

export const metadata: Metadata = { title: 'Campaigns' };

export default async function CampaignsPage({ searchParams }: { searchParams: Promise<{ template?: string }> }) {
  const { tenantId } = await requireMember('VIEWER');
  const { template } = await searchParams;
  const [campaigns, templates] = await Promise.all([listCampaigns({ tenantId }), listTemplates({ tenantId })]);
  return (
    <div className="stack" style={{ gap: 24 }}>
      <div className="page-header"><h1>Campaigns</h1></div>
      <section className="card" aria-labelledby="new-h">
        <h2 id="new-h" className="card-title">New campaign</h2>
        <NewCampaignForm templates={templates.map((t) => ({ id: t.id, name: t.name }))} templateId={template ?? ''} />
      </section>
      <section className="card" aria-labelledby="list-h">
        <h2 id="list-h" className="card-title">All campaigns</h2>
        {campaigns.length === 0 ? <p className="muted">No campaigns yet.</p> : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>Name</th><th>Subject</th><th>Status</th><th>Scheduled</th><th>Sent</th></tr></thead>
              <tbody>
                {campaigns.map((c) => (
                  <tr key={c.id}>
                    <td><Link href={`/app/campaigns/${c.id}`}>{c.name}</Link></td>
                    <td>{c.subject || <span className="muted">—</span>}</td>
                    <td><CampaignStatusBadge status={c.status} /></td>
                    <td>{c.scheduledAt ? `${c.scheduledAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—'}</td>
                    <td>{c.sentCount} / {c.recipientCount}</td>
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
