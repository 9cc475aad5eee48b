'use client';

import { useActionState, useState } from 'react';
import { useRouter } from 'next/navigation';
import { idle } from '@/lib/action-result';
import { startImportAction } from '../../../actions';

type Props = {
  listId: string; importId: string; columns: string[];
  guess: { email?: string; firstName?: string; lastName?: string; fields: Record<string, string> };
  fields: { key: string; label: string }[];
};

function ColumnSelect({ id, label, name, columns, value, required }: { id: string; label: string; name: string; columns: string[]; value?: string; required?: boolean }) {
  return (
    <div className="field">
      <label className="label" htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ''} required={required}>
        <option value="">{required ? 'Choose a column' : '— not imported —'}</option>
        {columns.map((c) => <option key={c} value={c}>{c}</option>)}
      </select>
    </div>
  );
}

export function MappingForm({ listId, importId, columns, guess, fields }: Props) {
  const router = useRouter();
  const [mode, setMode] = useState<'ATTEST' | 'OPT_IN_MAIL'>('ATTEST');
  const [state, action, pending] = useActionState(async (prev: Parameters<typeof startImportAction>[2], form: FormData) => {
    const r = await startImportAction(listId, importId, prev, form);
    if (r.ok) router.refresh();
    return r;
  }, idle);
  return (
    <form action={action} className="stack card">
      <h2 className="card-title">Map columns</h2>
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <ColumnSelect id="map-email" label="Email address" name="email" columns={columns} value={guess.email} required />
      <ColumnSelect id="map-first" label="First name" name="firstName" columns={columns} value={guess.firstName} />
      <ColumnSelect id="map-last" label="Last name" name="lastName" columns={columns} value={guess.lastName} />
      {fields.map((f) => <ColumnSelect key={f.key} id={`map-${f.key}`} label={f.label} name={`field.${f.key}`} columns={columns} value={guess.fields[f.key]} />)}
      <fieldset className="field">
        <legend className="label">Consent of these people</legend>
        <label className="checkbox">
          <input type="radio" name="consentMode" value="ATTEST" checked={mode === 'ATTEST'} onChange={() => setMode('ATTEST')} />
          They already agreed to receive mail from us: I state how
        </label>
        <label className="checkbox">
          <input type="radio" name="consentMode" value="OPT_IN_MAIL" checked={mode === 'OPT_IN_MAIL'} onChange={() => setMode('OPT_IN_MAIL')} />
          Ask each new person by mail (double opt-in)
        </label>
        <div className="hint">
          {mode === 'ATTEST'
            ? 'New subscriptions are confirmed at once; your statement is stored with each as proof of consent.'
            : 'New subscriptions stay pending until the person clicks the link in this list’s confirmation mail; the mails go out in batches after the import. People already confirmed are not asked again; people who unsubscribed from this list are not mailed and appear in the refusal report.'}
          {' '}Pending and unsubscribed people are never confirmed by an import.
        </div>
      </fieldset>
      {mode === 'ATTEST' && (
        <div className="field">
          <label className="label" htmlFor="attestation">How did these people consent to receive mail?</label>
          <textarea id="attestation" name="attestation" rows={3} required minLength={20} placeholder="e.g. Ticked the newsletter box at our shop checkout, 2024–2025" />
          <div className="hint">Stored with every imported subscription as proof of consent.</div>
        </div>
      )}
      <div><button className="btn btn-primary" disabled={pending}>{pending ? 'Starting…' : 'Start import'}</button></div>
    </form>
  );
}
