'use client';

// The file is sent as the raw request body (not multipart), so the server streams it to
// disk without holding it in memory; then we go to the mapping step.
import { useState } from 'react';
import { useRouter } from 'next/navigation';

export function UploadForm({ listId }: { listId: string }) {
  const router = useRouter();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="stack"
      onSubmit={async (e) => {
        e.preventDefault();
        const file = (e.currentTarget.elements.namedItem('file') as HTMLInputElement).files?.[0];
        if (!file) return setError('Choose a CSV file first.');
        setBusy(true);
        setError('');
        const res = await fetch(`/app/lists/${listId}/upload`, {
          method: 'POST', body: file, headers: { 'content-type': 'text/csv', 'x-file-name': encodeURIComponent(file.name) },
        });
        const body = (await res.json().catch(() => ({}))) as { importId?: string; error?: { message: string } };
        setBusy(false);
        if (!res.ok || !body.importId) return setError(body.error?.message ?? 'The upload failed.');
        router.push(`/app/lists/${listId}/imports/${body.importId}`);
      }}
    >
      {error && <div className="alert alert-error" role="alert">{error}</div>}
      <div className="field">
        <label className="label" htmlFor="csv-file">CSV file (first row = column names)</label>
        <input id="csv-file" name="file" type="file" accept=".csv,.txt,text/csv,text/plain" aria-describedby="csv-file-hint" />
        <div className="hint" id="csv-file-hint">Any CSV from Excel or elsewhere: UTF-8, UTF-16 or Windows-1252, separated by ; , or tabs. German column names (E-Mail, Vorname, Nachname, Anrede) are mapped for you.</div>
      </div>
      <div><button className="btn btn-primary" disabled={busy}>{busy ? 'Uploading…' : 'Upload and map columns'}</button></div>
    </form>
  );
}
