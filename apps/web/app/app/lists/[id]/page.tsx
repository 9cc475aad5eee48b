import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { can, coreEnv, defaultListMail, DomainError, formSettingsOf, getList, listImports } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { ActionButton } from '@/components/ActionButton';
import { EditListForm } from './EditListForm';
import { ListMailForm } from './ListMailForm';
import { UploadForm } from './UploadForm';
import { AddSubscriberForm } from './AddSubscriberForm';
import { deleteListAction } from '../actions';

export const metadata: Metadata = { title: 'List' };

export default async function ListPage({ params }: { params: Promise<{ id: string }> }) {
  const { tenantId, role } = await requireMember();
  const { id } = await params;
  const list = await getList({ tenantId }, id).catch((e) => {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') notFound();
    throw e;
  });
  const imports = await listImports({ tenantId }, list.id);
  const base = coreEnv().APP_URL.replace(/\/$/, '');
  const formUrl = `${base}/f/${list.publicId}`;
  const snippet = `<iframe src="${formUrl}?embed=1" title="Subscribe to ${list.name.replace(/"/g, '&quot;')}" style="width:100%;max-width:480px;height:420px;border:0"></iframe>`;
  const write = can(role, 'audience.write');
  return (
    <div className="stack">
      <div className="page-header">
        <h1>{list.name}</h1>
        <div className="toolbar">
          <Link className="btn" href={`/app/subscribers?listId=${list.id}`}>Subscribers</Link>
          <a className="btn" href={`/app/subscribers/export?listId=${list.id}`}>Export UTF-8 CSV</a>
          <a className="btn" href={`/app/subscribers/export?listId=${list.id}&format=excel-de`}>Export Excel (German)</a>
        </div>
      </div>
      <section className="card stack" aria-labelledby="signup">
        <h2 id="signup" className="card-title">Signup form</h2>
        <p>Hosted form: <a href={formUrl} data-testid="form-url">{formUrl}</a></p>
        <div className="field">
          <label className="label" htmlFor="snippet">Embed on your website</label>
          <textarea id="snippet" readOnly rows={3} className="mono" defaultValue={snippet} />
          <div className="hint">The form is protected by a hidden honeypot field, a minimum fill time and rate limits.</div>
        </div>
      </section>
      {write && <EditListForm list={list} settings={formSettingsOf(list)} />}
      {write && (
        <ListMailForm listId={list.id} kind="confirmation" subject={list.confirmationSubject} mjml={list.confirmationMjml} defaults={defaultListMail('confirmation')} />
      )}
      {write && (
        <ListMailForm listId={list.id} kind="welcome" subject={list.welcomeSubject} mjml={list.welcomeMjml} enabled={list.welcomeEnabled} defaults={defaultListMail('welcome')} />
      )}
      {write && <AddSubscriberForm listId={list.id} doubleOptIn={list.optInMode !== 'CONFIRMED'} />}
      {write && (
        <section className="card stack" aria-labelledby="import">
          <h2 id="import" className="card-title">Import subscribers</h2>
          <UploadForm listId={list.id} />
        </section>
      )}
      {imports.length > 0 && (
        <section aria-labelledby="imports">
          <h2 id="imports">Imports</h2>
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>File</th><th>Status</th><th className="num">Rows</th><th className="num">Imported</th><th className="num">Refused</th><th>Started</th></tr></thead>
              <tbody>
                {imports.map((i) => (
                  <tr key={i.id}>
                    <td><Link href={`/app/lists/${list.id}/imports/${i.id}`}>{i.fileName}</Link></td>
                    <td>{i.status.toLowerCase()}</td>
                    <td className="num">{i.totalRows.toLocaleString('en')}</td>
                    <td className="num">{i.importedRows.toLocaleString('en')}</td>
                    <td className="num">{i.refusedRows.toLocaleString('en')}</td>
                    <td>{i.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {write && (
        <ActionButton action={deleteListAction.bind(null, list.id)} fields={{}} label="Delete list" className="btn btn-danger"
          confirm={{ title: 'Are you sure?', message: `Delete “${list.name}” and all its subscriptions? Subscribers stay in your audience.`, confirmLabel: 'Delete list' }} />
      )}
    </div>
  );
}
