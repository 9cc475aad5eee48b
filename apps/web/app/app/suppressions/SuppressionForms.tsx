'use client';

import { useActionState, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { addSuppressionAction, removeSuppressionAction } from './actions';

export function AddSuppressionForm() {
  const t = useTranslations('suppressions.add');
  const [state, action, pending] = useActionState(addSuppressionAction, idle);
  return (
    <form action={action} className="stack card">
      <h2 className="card-title">{t('title')}</h2>
      {state.ok && <div className="alert alert-success" role="status">{t('done', { email: state.data.email ?? '' })}</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <FormField label={t('email')} name="email" type="email" required />
      <FormField label={t('note')} name="note" placeholder={t('notePlaceholder')} />
      <div><button className="btn btn-primary" disabled={pending}>{t('submit')}</button></div>
    </form>
  );
}

export function RemoveSuppressionForm({ id }: { id: string }) {
  const t = useTranslations('suppressions.remove');
  const [state, action, pending] = useActionState(removeSuppressionAction, idle);
  return (
    <form action={action} className="toolbar" style={{ margin: 0 }}>
      <input type="hidden" name="id" value={id} />
      <input className="input" name="reason" placeholder={t('reason')} aria-label={t('reason')} required minLength={3} />
      <button className="btn btn-sm" disabled={pending}>{t('submit')}</button>
      {!state.ok && state.error && <span className="error" role="alert">{state.error}</span>}
    </form>
  );
}

export function ImportSuppressionsForm() {
  const t = useTranslations('suppressions.import');
  const router = useRouter();
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <form className="stack card" onSubmit={async (e) => {
      e.preventDefault();
      const file = (e.currentTarget.elements.namedItem('file') as HTMLInputElement).files?.[0];
      if (!file) return setMsg({ ok: false, text: t('chooseFile') });
      const res = await fetch('/app/suppressions/import', { method: 'POST', body: file, headers: { 'content-type': 'text/csv' } });
      const body = (await res.json().catch(() => ({}))) as { added?: number; invalid?: unknown[]; error?: { message: string } };
      if (!res.ok) return setMsg({ ok: false, text: body.error?.message ?? t('failed') });
      setMsg({ ok: true, text: t('done', { added: body.added ?? 0, invalid: body.invalid?.length ?? 0 }) });
      router.refresh();
    }}>
      <h2 className="card-title">{t('title')}</h2>
      {msg && <div className={`alert ${msg.ok ? 'alert-success' : 'alert-error'}`} role={msg.ok ? 'status' : 'alert'}>{msg.text}</div>}
      <div className="field">
        <label className="label" htmlFor="sup-file">{t('file')}</label>
        <input id="sup-file" name="file" type="file" accept=".csv,text/csv,text/plain" />
      </div>
      <div><button className="btn">{t('submit')}</button></div>
    </form>
  );
}
