'use client';

import { useActionState, useState } from 'react';
import { useRouter } from 'next/navigation';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { addSuppressionAction, removeSuppressionAction } from './actions';

export function AddSuppressionForm() {
  const [state, action, pending] = useActionState(addSuppressionAction, idle);
  return (
    <form action={action} className="stack card">
      <h2 className="card-title">Suppress an address</h2>
      {state.ok && <div className="alert alert-success" role="status">{state.data.email} is suppressed.</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <FormField label="Email address" name="email" type="email" required />
      <FormField label="Note" name="note" placeholder="Why (optional)" />
      <div><button className="btn btn-primary" disabled={pending}>Suppress</button></div>
    </form>
  );
}

export function RemoveSuppressionForm({ id }: { id: string }) {
  const [state, action, pending] = useActionState(removeSuppressionAction, idle);
  return (
    <form action={action} className="toolbar" style={{ margin: 0 }}>
      <input type="hidden" name="id" value={id} />
      <input className="input" name="reason" placeholder="Reason for removal" aria-label="Reason for removal" required minLength={3} />
      <button className="btn btn-sm" disabled={pending}>Remove</button>
      {!state.ok && state.error && <span className="error" role="alert">{state.error}</span>}
    </form>
  );
}

export function ImportSuppressionsForm() {
  const router = useRouter();
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <form className="stack card" onSubmit={async (e) => {
      e.preventDefault();
      const file = (e.currentTarget.elements.namedItem('file') as HTMLInputElement).files?.[0];
      if (!file) return setMsg({ ok: false, text: 'Choose a CSV file first.' });
      const res = await fetch('/app/suppressions/import', { method: 'POST', body: file, headers: { 'content-type': 'text/csv' } });
      const body = (await res.json().catch(() => ({}))) as { added?: number; invalid?: unknown[]; error?: { message: string } };
      if (!res.ok) return setMsg({ ok: false, text: body.error?.message ?? 'The import failed.' });
      setMsg({ ok: true, text: `${body.added} addresses added, ${body.invalid?.length ?? 0} lines were not valid addresses.` });
      router.refresh();
    }}>
      <h2 className="card-title">Import a CSV</h2>
      {msg && <div className={`alert ${msg.ok ? 'alert-success' : 'alert-error'}`} role={msg.ok ? 'status' : 'alert'}>{msg.text}</div>}
      <div className="field">
        <label className="label" htmlFor="sup-file">CSV with one address per line (or an “email” column)</label>
        <input id="sup-file" name="file" type="file" accept=".csv,text/csv,text/plain" />
      </div>
      <div><button className="btn">Import</button></div>
    </form>
  );
}
