'use client';

import { useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { ConfirmButton } from '@/components/ConfirmButton';
import { useToast } from '@/components/Toast';
import { revokeKeyAction } from './actions';

type Key = { id: string; name: string; prefix: string; scopes: string[]; lastUsedAt: string | null; lastUsedIp: string | null; revokedAt: string | null; createdAt: string };

export function KeysTable({ keys }: { keys: Key[] }) {
  const toast = useToast();
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr><th scope="col">Name</th><th scope="col">Key</th><th scope="col">Scopes</th><th scope="col">Last used</th><th scope="col">Created</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id} data-testid={`api-key-${k.name}`}>
              <td>{k.name} {k.revokedAt && <span className="badge badge-danger">Revoked</span>}</td>
              <td className="mono">rb_{k.prefix}_…</td>
              <td>{k.scopes.map((s) => <span key={s} className="badge badge-neutral" style={{ marginRight: 4 }}>{s}</span>)}</td>
              <td>{k.lastUsedAt ? <>{new Date(k.lastUsedAt).toLocaleString('en-GB')}<div className="muted mono">{k.lastUsedIp}</div></> : <span className="muted">Never</span>}</td>
              <td>{new Date(k.createdAt).toLocaleDateString('en-GB')}</td>
              <td>
                {!k.revokedAt && (
                  <ConfirmButton
                    className="btn btn-danger btn-sm"
                    title={`Revoke “${k.name}”?`}
                    confirmLabel="Revoke key"
                    message={<p>Requests with this key fail immediately. This cannot be undone.</p>}
                    disabled={pending}
                    onConfirm={() =>
                      start(async () => {
                        const r = await revokeKeyAction(k.id);
                        toast(r.ok ? `Key “${k.name}” revoked` : r.error, r.ok ? 'info' : 'error');
                        router.refresh();
                      })
                    }
                  >
                    Revoke
                  </ConfirmButton>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
