import type { Metadata } from 'next';
import { can, listFields } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { ActionButton } from '@/components/ActionButton';
import { CreateFieldForm } from './CreateFieldForm';
import { deleteFieldAction } from './actions';

export const metadata: Metadata = { title: 'Subscriber fields' };

export default async function FieldsPage() {
  const { tenantId, role } = await requireMember();
  const fields = await listFields({ tenantId });
  const write = can(role, 'audience.write');
  return (
    <div className="stack">
      <div className="page-header"><h1>Subscriber fields</h1></div>
      <p className="muted">Custom fields appear on signup forms, in imports and as merge tags such as <code>{'{{ company }}'}</code>.</p>
      <div className="table-wrap">
        <table className="table">
          <thead><tr><th>Key</th><th>Label</th><th>Type</th>{write && <th></th>}</tr></thead>
          <tbody>
            {fields.map((f) => (
              <tr key={f.id}>
                <td className="mono">{f.key}</td><td>{f.label}</td><td>{f.type.toLowerCase()}</td>
                {write && <td><ActionButton action={deleteFieldAction} fields={{ id: f.id }} label="Delete" /></td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {write && <CreateFieldForm />}
    </div>
  );
}
