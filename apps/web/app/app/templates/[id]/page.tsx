import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { DomainError } from '@rundbrief/core';
import { getTemplate } from '@rundbrief/core/authoring/index';
import { requireMember } from '@/lib/session';
import { ActionButton } from '@/components/ActionButton';
import { deleteTemplateAction, restoreVersionAction } from '../actions';
import { TemplateEditor } from './TemplateEditor';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('templates'))('editTitle') };
}

export default async function TemplatePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { tenantId } = await requireMember('MARKETER');
  const [tr, format] = await Promise.all([getTranslations('templates'), getFormatter()]);
  const t = await getTemplate({ tenantId }, id).catch((err: unknown) => {
    if (err instanceof DomainError && err.code === 'NOT_FOUND') notFound();
    throw err;
  });
  return (
    <div className="stack" style={{ gap: 16 }}>
      <div className="page-header">
        <h1>{t.name}</h1>
        <div className="toolbar" style={{ margin: 0 }}>
          <Link className="btn btn-sm" href={`/app/campaigns?template=${t.id}`}>{tr('page.useInCampaign')}</Link>
          <ActionButton action={deleteTemplateAction} fields={{ templateId: t.id }} label={tr('page.delete')} className="btn btn-sm btn-ghost" />
        </div>
      </div>
      {/* a restore (a newer version) updates the editor in place, see TemplateEditor */}
      <TemplateEditor templateId={t.id} name={t.name} mjml={t.mjml} version={t.version} />
      <section className="card" aria-labelledby="versions-h">
        <h2 id="versions-h" className="card-title">{tr('page.versions')}</h2>
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>{tr('columns.version')}</th><th>{tr('columns.saved')}</th><th /></tr></thead>
            <tbody>
              {t.versions.map((v) => (
                <tr key={v.version}>
                  <td>{v.version === t.version ? tr('versionCurrent', { version: v.version }) : tr('version', { version: v.version })}</td>
                  <td>{format.dateTime(v.createdAt, 'dateTime')}</td>
                  <td>{v.version !== t.version && (
                    <ActionButton action={restoreVersionAction} fields={{ templateId: t.id, version: String(v.version) }} label={tr('page.restore', { version: v.version })} />
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
