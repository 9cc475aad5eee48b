import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { can, coreEnv, defaultListMail, DomainError, formSettingsOf, getList, listImports } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { ActionButton } from '@/components/ActionButton';
import { EditListForm } from './EditListForm';
import { ListMailForm } from './ListMailForm';
import { UploadForm } from './UploadForm';
import { AddSubscriberForm } from './AddSubscriberForm';
import { deleteListAction } from '../actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('lists'))('listTitle') };
}

export default async function ListPage({ params }: { params: Promise<{ id: string }> }) {
  const { tenantId, role } = await requireMember();
  const { id } = await params;
  const list = await getList({ tenantId }, id).catch((e) => {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') notFound();
    throw e;
  });
  const [imports, t, format] = await Promise.all([listImports({ tenantId }, list.id), getTranslations('lists'), getFormatter()]);
  const base = coreEnv().APP_URL.replace(/\/$/, '');
  const formUrl = `${base}/f/${list.publicId}`;
  const snippet = `<iframe src="${formUrl}?embed=1" title="${t('page.embedTitle', { name: list.name }).replace(/"/g, '&quot;')}" style="width:100%;max-width:480px;height:420px;border:0"></iframe>`;
  const write = can(role, 'audience.write');
  return (
    <div className="stack">
      <div className="page-header">
        <h1>{list.name}</h1>
        <div className="toolbar">
          <Link className="btn" href={`/app/subscribers?listId=${list.id}`}>{t('page.subscribers')}</Link>
          <a className="btn" href={`/app/subscribers/export?listId=${list.id}`}>{t('page.exportCsv')}</a>
          <a className="btn" href={`/app/subscribers/export?listId=${list.id}&format=excel-de`}>{t('page.exportExcel')}</a>
        </div>
      </div>
      <section className="card stack" aria-labelledby="signup">
        <h2 id="signup" className="card-title">{t('page.signupForm')}</h2>
        <p>{t.rich('page.hostedForm', { url: formUrl, link: (c) => <a href={formUrl} data-testid="form-url">{c}</a> })}</p>
        <div className="field">
          <label className="label" htmlFor="snippet">{t('page.embed')}</label>
          <textarea id="snippet" readOnly rows={3} className="mono" defaultValue={snippet} />
          <div className="hint">{t('page.embedHint')}</div>
        </div>
      </section>
      {write && <EditListForm list={list} settings={formSettingsOf(list)} />}
      {write && (
        <ListMailForm listId={list.id} kind="confirmation" subject={list.confirmationSubject} mjml={list.confirmationMjml} defaults={defaultListMail('confirmation', list.language)} />
      )}
      {write && (
        <ListMailForm listId={list.id} kind="welcome" subject={list.welcomeSubject} mjml={list.welcomeMjml} enabled={list.welcomeEnabled} defaults={defaultListMail('welcome', list.language)} />
      )}
      {write && <AddSubscriberForm listId={list.id} doubleOptIn={list.optInMode !== 'CONFIRMED'} />}
      {write && (
        <section className="card stack" aria-labelledby="import">
          <h2 id="import" className="card-title">{t('page.importTitle')}</h2>
          <UploadForm listId={list.id} />
        </section>
      )}
      {imports.length > 0 && (
        <section aria-labelledby="imports">
          <h2 id="imports">{t('page.imports')}</h2>
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>{t('page.importColumns.file')}</th><th>{t('page.importColumns.status')}</th><th className="num">{t('page.importColumns.rows')}</th><th className="num">{t('page.importColumns.imported')}</th><th className="num">{t('page.importColumns.refused')}</th><th>{t('page.importColumns.started')}</th></tr></thead>
              <tbody>
                {imports.map((i) => (
                  <tr key={i.id}>
                    <td><Link href={`/app/lists/${list.id}/imports/${i.id}`}>{i.fileName}</Link></td>
                    <td>{t('page.importStatus', { status: i.status })}</td>
                    <td className="num">{format.number(i.totalRows)}</td>
                    <td className="num">{format.number(i.importedRows)}</td>
                    <td className="num">{format.number(i.refusedRows)}</td>
                    <td>{format.dateTime(i.createdAt, 'dateTime')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {write && (
        <ActionButton action={deleteListAction.bind(null, list.id)} fields={{}} label={t('page.delete')} className="btn btn-danger"
          confirm={{ title: t('page.deleteTitle'), message: t('page.deleteBody', { name: list.name }), confirmLabel: t('page.delete') }} />
      )}
    </div>
  );
}
