import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DomainError } from '@rundbrief/core';
import { getTemplate } from '@rundbrief/core/authoring/index';
import { requireMember } from '@/lib/session';
import { ActionButton } from '@/components/ActionButton';
import { deleteTemplateAction, restoreVersionAction } from '../actions';
import { TemplateEditor } from './TemplateEditor';

export const metadata: Metadata = { title: 'Edit template' };

export default async function TemplatePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { tenantId } = await requireMember('MARKETER');
  const t = await getTemplate({ tenantId }, id).catch((err: unknown) => {
    if (err instanceof DomainError && err.code === 'NOT_FOUND') notFound();
    throw err;
  });
  return (
    <div className="stack" style={{ gap: 16 }}>
      <div className="page-header">
        <h1>{t.name}</h1>
        <div className="toolbar" style={{ margin: 0 }}>
          <Link className="btn btn-sm" href={`/app/campaigns?template=${t.id}`}>Use in a campaign</Link>
          <ActionButton action={deleteTemplateAction} fields={{ templateId: t.id }} label="Delete" className="btn btn-sm btn-ghost" />
        </div>
      </div>
      {/* a restore (a newer version) updates the editor in place, see TemplateEditor */}
      <TemplateEditor templateId={t.id} name={t.name} mjml={t.mjml} version={t.version} />
      <section className="card" aria-labelledby="versions-h">
        <h2 id="versions-h" className="card-title">Saved versions</h2>
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>Version</th><th>Saved</th><th /></tr></thead>
            <tbody>
              {t.versions.map((v) => (
                <tr key={v.version}>
                  <td>v{v.version}{v.version === t.version ? ' (current)' : ''}</td>
                  <td>{v.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</td>
                  <td>{v.version !== t.version && (
                    <ActionButton action={restoreVersionAction} fields={{ templateId: t.id, version: String(v.version) }} label={`Restore v${v.version}`} />
                  )}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
