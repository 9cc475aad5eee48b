import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { can, listFields } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { ActionButton } from '@/components/ActionButton';
import { CreateFieldForm } from './CreateFieldForm';
import { deleteFieldAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('fields'))('title') };
}

export default async function FieldsPage() {
  const { tenantId, role } = await requireMember();
  const [fields, t] = await Promise.all([listFields({ tenantId }), getTranslations('fields')]);
  const write = can(role, 'audience.write');
  return (
    <div className="stack">
      <div className="page-header"><h1>{t('title')}</h1></div>
      <p className="muted">{t.rich('intro', { example: '{{ company }}', code: (c) => <code>{c}</code> })}</p>
      <div className="table-wrap">
        <table className="table">
          <thead><tr><th>{t('columns.key')}</th><th>{t('columns.label')}</th><th>{t('columns.type')}</th>{write && <th></th>}</tr></thead>
          <tbody>
            {fields.length === 0 && <tr><td colSpan={write ? 4 : 3} className="muted">{t('empty')}</td></tr>}
            {fields.map((f) => (
              <tr key={f.id}>
                <td className="mono">{f.key}</td><td>{f.label}</td><td>{t('type', { type: f.type })}</td>
                {write && <td><ActionButton action={deleteFieldAction} fields={{ id: f.id }} label={t('delete')} /></td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {write && <CreateFieldForm />}
    </div>
  );
}
