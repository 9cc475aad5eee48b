'use client';

import { useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { ConfirmButton } from '@/components/ConfirmButton';
import { useToast } from '@/components/Toast';
import { revokeKeyAction } from './actions';

type Key = { id: string; name: string; prefix: string; scopes: string[]; lastUsedAt: string | null; lastUsedIp: string | null; revokedAt: string | null; createdAt: string };

export function KeysTable({ keys }: { keys: Key[] }) {
  const t = useTranslations('settings.apiKeys');
  const format = useFormatter();
  const toast = useToast();
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr><th scope="col">{t('columns.name')}</th><th scope="col">{t('columns.key')}</th><th scope="col">{t('columns.scopes')}</th><th scope="col">{t('columns.lastUsed')}</th><th scope="col">{t('columns.created')}</th><th scope="col"><span className="sr-only">{t('columns.actions')}</span></th></tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id} data-testid={`api-key-${k.name}`}>
              <td>{k.name} {k.revokedAt && <span className="badge badge-danger">{t('revokedBadge')}</span>}</td>
              <td className="mono">rb_{k.prefix}_…</td>
              <td>{k.scopes.map((s) => <span key={s} className="badge badge-neutral" style={{ marginRight: 4 }}>{s}</span>)}</td>
              <td>{k.lastUsedAt ? <>{format.dateTime(new Date(k.lastUsedAt), 'dateTime')}<div className="muted mono">{k.lastUsedIp}</div></> : <span className="muted">{t('never')}</span>}</td>
              <td>{format.dateTime(new Date(k.createdAt), 'date')}</td>
              <td>
                {!k.revokedAt && (
                  <ConfirmButton
                    className="btn btn-danger btn-sm"
                    title={t('revokeTitle', { name: k.name })}
                    confirmLabel={t('revokeConfirm')}
                    message={<p>{t('revokeMessage')}</p>}
                    disabled={pending}
                    onConfirm={() =>
                      start(async () => {
                        const r = await revokeKeyAction(k.id);
                        toast(r.ok ? t('revoked', { name: k.name }) : r.error, r.ok ? 'info' : 'error');
                        router.refresh();
                      })
                    }
                  >
                    {t('revoke')}
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
