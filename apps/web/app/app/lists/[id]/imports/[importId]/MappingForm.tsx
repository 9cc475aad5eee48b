'use client';

import { useActionState, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { startImportAction } from '../../../actions';

type Props = {
  listId: string; importId: string; columns: string[];
  guess: { email?: string; firstName?: string; lastName?: string; fields: Record<string, string> };
  fields: { key: string; label: string }[];
};

function ColumnSelect({ id, label, name, columns, value, required }: { id: string; label: string; name: string; columns: string[]; value?: string; required?: boolean }) {
  const t = useTranslations('lists.import.map');
  return (
    <div className="field">
      <label className="label" htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ''} required={required}>
        <option value="">{required ? t('chooseColumn') : t('notImported')}</option>
        {columns.map((c) => <option key={c} value={c}>{c}</option>)}
      </select>
    </div>
  );
}

export function MappingForm({ listId, importId, columns, guess, fields }: Props) {
  const t = useTranslations('lists.import.map');
  const router = useRouter();
  const [mode, setMode] = useState<'ATTEST' | 'OPT_IN_MAIL'>('ATTEST');
  const [state, action, pending] = useActionState(async (prev: Parameters<typeof startImportAction>[2], form: FormData) => {
    const r = await startImportAction(listId, importId, prev, form);
    if (r.ok) router.refresh();
    return r;
  }, idle);
  return (
    <form action={action} className="stack card">
      <h2 className="card-title">{t('title')}</h2>
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <ColumnSelect id="map-email" label={t('email')} name="email" columns={columns} value={guess.email} required />
      <ColumnSelect id="map-first" label={t('firstName')} name="firstName" columns={columns} value={guess.firstName} />
      <ColumnSelect id="map-last" label={t('lastName')} name="lastName" columns={columns} value={guess.lastName} />
      {fields.map((f) => <ColumnSelect key={f.key} id={`map-${f.key}`} label={f.label} name={`field.${f.key}`} columns={columns} value={guess.fields[f.key]} />)}
      <fieldset className="field">
        <legend className="label">{t('consent')}</legend>
        <label className="checkbox">
          <input type="radio" name="consentMode" value="ATTEST" checked={mode === 'ATTEST'} onChange={() => setMode('ATTEST')} />
          {t('attest')}
        </label>
        <label className="checkbox">
          <input type="radio" name="consentMode" value="OPT_IN_MAIL" checked={mode === 'OPT_IN_MAIL'} onChange={() => setMode('OPT_IN_MAIL')} />
          {t('optInMail')}
        </label>
        <div className="hint">
          {mode === 'ATTEST' ? t('attestHint') : t('optInHint')}
          {' '}{t('neverConfirmed')}
        </div>
      </fieldset>
      {mode === 'ATTEST' && (
        <div className="field">
          <label className="label" htmlFor="attestation">{t('attestation')}</label>
          <textarea id="attestation" name="attestation" rows={3} required minLength={20} placeholder={t('attestationPlaceholder')} />
          <div className="hint">{t('attestationHint')}</div>
        </div>
      )}
      <div><button className="btn btn-primary" disabled={pending}>{pending ? t('pending') : t('submit')}</button></div>
    </form>
  );
}
