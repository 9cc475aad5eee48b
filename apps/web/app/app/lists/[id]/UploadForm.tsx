'use client';

// The file is sent as the raw request body (not multipart), so the server streams it to
// disk without holding it in memory; then we go to the mapping step.
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';

export function UploadForm({ listId }: { listId: string }) {
  const t = useTranslations('lists.upload');
  const router = useRouter();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="stack"
      onSubmit={async (e) => {
        e.preventDefault();
        const file = (e.currentTarget.elements.namedItem('file') as HTMLInputElement).files?.[0];
        if (!file) return setError(t('chooseFile'));
        setBusy(true);
        setError('');
        const res = await fetch(`/app/lists/${listId}/upload`, {
          method: 'POST', body: file, headers: { 'content-type': 'text/csv', 'x-file-name': encodeURIComponent(file.name) },
        });
        const body = (await res.json().catch(() => ({}))) as { importId?: string; error?: { message: string } };
        setBusy(false);
        if (!res.ok || !body.importId) return setError(body.error?.message ?? t('failed'));
        router.push(`/app/lists/${listId}/imports/${body.importId}`);
      }}
    >
      {error && <div className="alert alert-error" role="alert">{error}</div>}
      <div className="field">
        <label className="label" htmlFor="csv-file">{t('file')}</label>
        <input id="csv-file" name="file" type="file" accept=".csv,.txt,text/csv,text/plain" aria-describedby="csv-file-hint" />
        <div className="hint" id="csv-file-hint">{t('hint')}</div>
      </div>
      <div><button className="btn btn-primary" disabled={busy}>{busy ? t('pending') : t('submit')}</button></div>
    </form>
  );
}
