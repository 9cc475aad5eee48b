'use client';

import { useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { ConfirmButton } from '@/components/ConfirmButton';
import { useToast } from '@/components/Toast';
import { revokeInvitationAction } from './actions';

export function InvitationsTable({ invitations }: { invitations: { id: string; email: string; role: string; expiresAt: string }[] }) {
  const t = useTranslations('settings.members');
  const format = useFormatter();
  const toast = useToast();
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <div className="table-wrap">
      <table className="table">
        <thead><tr><th scope="col">{t('columns.email')}</th><th scope="col">{t('columns.role')}</th><th scope="col">{t('columns.expires')}</th><th scope="col"><span className="sr-only">{t('columns.actions')}</span></th></tr></thead>
        <tbody>
          {invitations.map((i) => {
            const expired = new Date(i.expiresAt) < new Date();
            return (
              <tr key={i.id}>
                <td>{i.email}</td>
                <td>{t('roleName', { role: i.role })}</td>
                <td>{expired ? <span className="badge badge-warning">{t('expired')}</span> : format.dateTime(new Date(i.expiresAt), 'dateTime')}</td>
                <td>
                  <ConfirmButton
                    className="btn btn-sm"
                    title={t('revokeTitle')}
                    confirmLabel={t('revoke')}
                    message={<p>{t('revokeMessage', { email: i.email })}</p>}
                    disabled={pending}
                    onConfirm={() =>
                      start(async () => {
                        const r = await revokeInvitationAction(i.id);
                        toast(r.ok ? t('revoked', { email: i.email }) : r.error, r.ok ? 'info' : 'error');
                        router.refresh();
                      })
                    }
                  >
                    {t('revoke')}
                  </ConfirmButton>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
