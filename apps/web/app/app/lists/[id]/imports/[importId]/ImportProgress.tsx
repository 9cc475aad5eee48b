'use client';

import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { ProgressBar } from '@/components/ProgressBar';

type Status = { status: string; consentMode: string; totalRows: number; processedRows: number; importedRows: number; refusedRows: number; error: string | null; reportAvailable: boolean };

/** Polls the import once a second until it is DONE or FAILED. */
export function ImportProgress({ listId, importId, initial, reportExpired }: { listId: string; importId: string; initial: Status; reportExpired: string }) {
  const t = useTranslations('lists.import');
  const [s, setS] = useState(initial);
  const running = s.status === 'QUEUED' || s.status === 'RUNNING';
  useEffect(() => {
    if (!running) return;
    const t = setInterval(async () => {
      const res = await fetch(`/app/lists/${listId}/imports/${importId}/status`, { cache: 'no-store' });
      if (res.ok) setS((await res.json()) as Status);
    }, 1000);
    return () => clearInterval(t);
  }, [running, listId, importId]);
  if (s.status === 'FAILED') return <div className="alert alert-error" role="alert" data-testid="import-error">{s.error}</div>;
  if (running) {
    return (
      <div className="stack" data-testid="import-progress">
        <p>{s.status === 'QUEUED' ? t('waiting') : s.totalRows > 0 ? t('merging') : t('reading')}</p>
        <ProgressBar value={s.processedRows} max={Math.max(s.totalRows, s.processedRows, 1)} label={t('progress')} />
      </div>
    );
  }
  return (
    <div className="stack" data-testid="import-done">
      <div className="alert alert-success" role="status">
        {t('finished', { imported: s.importedRows, total: s.totalRows, refused: s.refusedRows })}
      </div>
      {s.consentMode === 'OPT_IN_MAIL' && (
        <p data-testid="import-opt-in">{t('optInNote')}</p>
      )}
      {s.error && <div className="alert alert-error" role="alert">{s.error}</div>}
      {s.refusedRows > 0 && s.reportAvailable && <p><a className="btn" href={`/app/lists/${listId}/imports/${importId}/report`} download>{t('downloadReport')}</a></p>}
      {s.refusedRows > 0 && !s.reportAvailable && <p className="muted" data-testid="report-expired">{reportExpired}</p>}
    </div>
  );
}
