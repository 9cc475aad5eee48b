import type { Metadata } from 'next';
import Link from 'next/link';
import { listTemplates, STARTER_KEYS, STARTER_TEMPLATES } from '@rundbrief/core/authoring/index';
import { requireMember } from '@/lib/session';
import { CreateTemplateForm } from './CreateTemplateForm';

export const metadata: Metadata = { title: 'Templates' };

export default async function TemplatesPage() {
  const { tenantId } = await requireMember('MARKETER');
  const templates = await listTemplates({ tenantId });
  return (
    <div className="stack" style={{ gap: 24 }}>
      <div className="page-header"><h1>Templates</h1></div>
      <section className="card" aria-labelledby="new-h">
        <h2 id="new-h" className="card-title">New template</h2>
        <CreateTemplateForm starters={STARTER_KEYS.map((k) => ({ key: k, name: STARTER_TEMPLATES[k].name }))} />
      </section>
      <section className="card" aria-labelledby="list-h">
        <h2 id="list-h" className="card-title">Your templates</h2>
        {templates.length === 0 ? <p className="muted">No templates yet: start from one of the starters above.</p> : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>Name</th><th>Version</th><th>Updated</th></tr></thead>
              <tbody>
                {templates.map((t) => (
                  <tr key={t.id}>
                    <td><Link href={`/app/templates/${t.id}`}>{t.name}</Link></td>
                    <td>v{t.version}</td>
                    <td>{t.updatedAt.toISOString().slice(0, 16).replace('T', ' ')}</td>
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
