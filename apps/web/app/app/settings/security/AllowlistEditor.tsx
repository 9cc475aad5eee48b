'use client';

import { useActionState, useState } from 'react';
import { useTranslations } from 'next-intl';
import { saveNetworkAction, type NetworkResult } from './actions';
import { submitKeepingValues } from '@/lib/submit-keeping-values';

type Entry = { cidr: string; comment: string };
const initial: NetworkResult = { ok: false, error: '', fieldErrors: {} };

export function AllowlistEditor({ entries, currentIp }: { entries: Entry[]; currentIp: string | null }) {
  const t = useTranslations('settings.security.allowlist');
  const [rows, setRows] = useState<(Entry & { key: number })[]>(entries.map((e, i) => ({ ...e, key: i })));
  const [state, action, pending] = useActionState(saveNetworkAction, initial);
  const lockout = !state.ok && state.lockout;
  const fieldErrors = state.ok ? {} : state.fieldErrors;

  const update = (key: number, patch: Partial<Entry>) => setRows((r) => r.map((x) => (x.key === key ? { ...x, ...patch } : x)));

  return (
    <form method="post" onSubmit={submitKeepingValues(action)} className="stack" noValidate>
      {state.ok && <div className="alert alert-success" role="status">{state.data}</div>}
      {lockout ? (
        <div className="alert alert-warning" role="alert" data-testid="lockout-warning">
          <strong>{t('lockoutTitle')}</strong> {state.error}{' '}
          {currentIp
            ? t.rich('lockoutAddIp', { ip: currentIp, mono: (c) => <span className="mono">{c}</span> })
            : t('lockoutAdd')}
          <label className="checkbox" style={{ marginTop: 8 }}>
            <input type="checkbox" name="confirmLockout" /> {t('confirmLockout')}
          </label>
        </div>
      ) : (
        !state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>
      )}
      <div className="table-wrap">
        <table className="table">
          <thead><tr><th scope="col">{t('columns.cidr')}</th><th scope="col">{t('columns.comment')}</th><th scope="col"><span className="sr-only">{t('columns.remove')}</span></th></tr></thead>
          <tbody>
            {rows.length === 0 && (
              <tr><td colSpan={3} className="muted">{t('empty')}</td></tr>
            )}
            {rows.map((r, i) => {
              const err = Object.entries(fieldErrors).find(([k]) => k.startsWith(`${i}.`))?.[1];
              return (
                <tr key={r.key}>
                  <td>
                    <input className="input mono" name="cidr" aria-label={t('cidrLabel', { n: i + 1 })} placeholder={t('cidrPlaceholder')} value={r.cidr} onChange={(e) => update(r.key, { cidr: e.target.value })} aria-invalid={err ? true : undefined} />
                    {err && <div className="error">{err.join(' ')}</div>}
                  </td>
                  <td><input className="input" name="comment" aria-label={t('commentLabel', { n: i + 1 })} placeholder={t('commentPlaceholder')} value={r.comment} onChange={(e) => update(r.key, { comment: e.target.value })} /></td>
                  <td><button type="button" className="btn btn-ghost btn-sm" onClick={() => setRows((x) => x.filter((y) => y.key !== r.key))} aria-label={t('removeLabel', { n: i + 1 })}>{t('remove')}</button></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="toolbar">
        <button type="button" className="btn" onClick={() => setRows((r) => [...r, { cidr: '', comment: '', key: Date.now() }])}>{t('add')}</button>
        {currentIp && !rows.some((r) => r.cidr === currentIp) && (
          <button type="button" className="btn btn-ghost" onClick={() => setRows((r) => [...r, { cidr: currentIp, comment: t('myAddress'), key: Date.now() }])}>
            {t('addMine')}
          </button>
        )}
      </div>
      <div><button className="btn btn-primary" disabled={pending}>{pending ? t('saving') : t('save')}</button></div>
    </form>
  );
}
