'use client';

import { useActionState, useState } from 'react';
import { saveNetworkAction, type NetworkResult } from './actions';
import { submitKeepingValues } from '@/lib/submit-keeping-values';

type Entry = { cidr: string; comment: string };
const initial: NetworkResult = { ok: false, error: '', fieldErrors: {} };

export function AllowlistEditor({ entries, currentIp }: { entries: Entry[]; currentIp: string | null }) {
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
          <strong>This would lock you out.</strong> {state.error} Add your address
          {currentIp ? <> (<span className="mono">{currentIp}</span>)</> : null} or confirm below to save anyway.
          <label className="checkbox" style={{ marginTop: 8 }}>
            <input type="checkbox" name="confirmLockout" /> I understand that I will lose access from this address
          </label>
        </div>
      ) : (
        !state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>
      )}
      <div className="table-wrap">
        <table className="table">
          <thead><tr><th scope="col">Address or CIDR</th><th scope="col">Comment</th><th scope="col"><span className="sr-only">Remove</span></th></tr></thead>
          <tbody>
            {rows.length === 0 && (
              <tr><td colSpan={3} className="muted">No entries: every address is allowed.</td></tr>
            )}
            {rows.map((r, i) => {
              const err = Object.entries(fieldErrors).find(([k]) => k.startsWith(`${i}.`))?.[1];
              return (
                <tr key={r.key}>
                  <td>
                    <input className="input mono" name="cidr" aria-label={`Address or CIDR ${i + 1}`} placeholder="203.0.113.0/24 or 2001:db8::/48" value={r.cidr} onChange={(e) => update(r.key, { cidr: e.target.value })} aria-invalid={err ? true : undefined} />
                    {err && <div className="error">{err.join(' ')}</div>}
                  </td>
                  <td><input className="input" name="comment" aria-label={`Comment ${i + 1}`} placeholder="Office Berlin" value={r.comment} onChange={(e) => update(r.key, { comment: e.target.value })} /></td>
                  <td><button type="button" className="btn btn-ghost btn-sm" onClick={() => setRows((x) => x.filter((y) => y.key !== r.key))} aria-label={`Remove entry ${i + 1}`}>Remove</button></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="toolbar">
        <button type="button" className="btn" onClick={() => setRows((r) => [...r, { cidr: '', comment: '', key: Date.now() }])}>Add entry</button>
        {currentIp && !rows.some((r) => r.cidr === currentIp) && (
          <button type="button" className="btn btn-ghost" onClick={() => setRows((r) => [...r, { cidr: currentIp, comment: 'My current address', key: Date.now() }])}>
            Add my current IP
          </button>
        )}
      </div>
      <div><button className="btn btn-primary" disabled={pending}>{pending ? 'Saving…' : 'Save allowlist'}</button></div>
    </form>
  );
}
