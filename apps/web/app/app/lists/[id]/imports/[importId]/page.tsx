import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import {
  describeDetection, describeDetectionText, DomainError, getImport, listFields, previewImport, refusalReportAvailable, reportExpiredMessage,
  reportExpiredText, storedDetection,
} from '@rundbrief/core';
import { sayCore } from '@/lib/core-texts';
import { requireMember } from '@/lib/session';
import { ImportProgress } from './ImportProgress';
import { MappingForm } from './MappingForm';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('lists'))('import.metaTitle') };
}

export default async function ImportPage({ params }: { params: Promise<{ id: string; importId: string }> }) {
  const { tenantId } = await requireMember('MARKETER');
  const { id, importId } = await params;
  const imp = await getImport({ tenantId }, importId).catch((e) => {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') notFound();
    throw e;
  });
  if (imp.listId !== id) notFound();
  const [t, tc] = await Promise.all([getTranslations('lists.import'), getTranslations('coreTexts')]);
  const heading = (
    <div className="page-header"><h1>{t('title', { file: imp.fileName })}</h1><Link className="btn" href={`/app/lists/${id}`}>{t('back')}</Link></div>
  );
  const stored = storedDetection(imp.detection);
  if (imp.status !== 'PENDING') {
    return (
      <div className="stack">
        {heading}
        {stored && <p data-testid="import-detected">{t('readAs', { detected: sayCore(tc, describeDetectionText(stored), describeDetection(stored)) })}</p>}
        <ImportProgress listId={id} importId={imp.id} reportExpired={sayCore(tc, reportExpiredText(), reportExpiredMessage())}
          initial={{ status: imp.status, consentMode: imp.consentMode, totalRows: imp.totalRows, processedRows: imp.processedRows, importedRows: imp.importedRows, refusedRows: imp.refusedRows, error: imp.error, reportAvailable: refusalReportAvailable(imp) }} />
      </div>
    );
  }
  const [preview, fields] = await Promise.all([previewImport({ tenantId }, importId), listFields({ tenantId })]);
  return (
    <div className="stack">
      {heading}
      <p className="alert alert-info" role="status" data-testid="import-detected">{t('readAs', { detected: sayCore(tc, preview.detectedText, preview.detected) })}</p>
      <section aria-labelledby="preview">
        <h2 id="preview">{t('firstRows')}</h2>
        <div className="table-wrap">
          <table className="table">
            <thead><tr>{preview.columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
            <tbody>{preview.rows.map((r, i) => <tr key={i}>{preview.columns.map((c, j) => <td key={c}>{r[j] ?? ''}</td>)}</tr>)}</tbody>
          </table>
        </div>
      </section>
      <MappingForm listId={id} importId={imp.id} columns={preview.columns} guess={preview.guess} fields={fields.map((f) => ({ key: f.key, label: f.label }))} />
    </div>
  );
}
