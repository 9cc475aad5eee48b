'use client';

import { useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import type { ActionResult } from '@/lib/action-result';
import { ConfirmButton } from '@/components/ConfirmButton';
import { useToast } from '@/components/Toast';
import { changeRoleAction, removeMemberAction, transferOwnershipAction } from './actions';

type Role = 'OWNER' | 'ADMIN' | 'MARKETER' | 'VIEWER';
type Row = { id: string; userId: string; email: string; name: string | null; role: Role; totp: boolean; locked: boolean; since: string };

export function MembersTable({ members, me, myRole }: { members: Row[]; me: string; myRole: Role }) {
  const t = useTranslations('settings.members');
  const format = useFormatter();
  const toast = useToast();
  const router = useRouter();
  const [pending, start] = useTransition();
  const isAdmin = myRole === 'OWNER' || myRole === 'ADMIN';

  function run(label: string, fn: () => Promise<ActionResult<unknown>>) {
    start(async () => {
      const r = await fn();
      if (r.ok) toast(label);
      else toast(r.error, 'error');
      router.refresh();
    });
  }

  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr><th scope="col">{t('columns.member')}</th><th scope="col">{t('columns.role')}</th><th scope="col">{t('columns.twoFactor')}</th><th scope="col">{t('columns.since')}</th>{isAdmin && <th scope="col"><span className="sr-only">{t('columns.actions')}</span></th>}</tr>
        </thead>
        <tbody>
          {members.map((m) => {
            // Admins manage everyone but owners; owners manage everyone. Nobody edits themselves here.
            const editable = isAdmin && m.userId !== me && (m.role !== 'OWNER' || myRole === 'OWNER');
            return (
              <tr key={m.id} data-testid={`member-${m.email}`}>
                <td>
                  <div>{m.name ?? m.email}</div>
                  {m.name && <div className="muted">{m.email}</div>}
                  {m.userId === me && <span className="badge badge-info">{t('you')}</span>} {m.locked && <span className="badge badge-warning">{t('locked')}</span>}
                </td>
                <td>
                  {editable ? (
                    <select
                      aria-label={t('roleOf', { email: m.email })}
                      value={m.role}
                      disabled={pending}
                      onChange={(e) => run(t('roleChanged', { email: m.email }), () => changeRoleAction(m.id, e.target.value))}
                    >
                      {(myRole === 'OWNER' ? (['OWNER', 'ADMIN', 'MARKETER', 'VIEWER'] as const) : (['ADMIN', 'MARKETER', 'VIEWER'] as const)).map((r) => (
                        <option key={r} value={r}>{t('roleLabel', { role: r })}</option>
                      ))}
                    </select>
                  ) : (
                    <span className="badge badge-neutral">{t('roleLabel', { role: m.role })}</span>
                  )}
                </td>
                <td>{m.totp ? <span className="badge badge-success">{t('on')}</span> : <span className="badge badge-neutral">{t('off')}</span>}</td>
                <td>{format.dateTime(new Date(m.since), 'date')}</td>
                {isAdmin && (
                  <td>
                    <div className="toolbar" style={{ justifyContent: 'flex-end' }}>
                      {myRole === 'OWNER' && m.userId !== me && m.role !== 'OWNER' && (
                        <ConfirmButton
                          className="btn btn-sm"
                          danger={false}
                          title={t('transferTitle')}
                          confirmLabel={t('transferConfirm')}
                          message={<p>{t('transferMessage', { email: m.email })}</p>}
                          onConfirm={() => run(t('transferred', { email: m.email }), () => transferOwnershipAction(m.id))}
                          disabled={pending}
                        >
                          {t('makeOwner')}
                        </ConfirmButton>
                      )}
                      {editable && (
                        <ConfirmButton
                          className="btn btn-danger btn-sm"
                          title={t('removeTitle', { email: m.email })}
                          confirmLabel={t('removeConfirm')}
                          message={<p>{t('removeMessage', { email: m.email })}</p>}
                          onConfirm={() => run(t('removed', { email: m.email }), () => removeMemberAction(m.id))}
                          disabled={pending}
                        >
                          {t('remove')}
                        </ConfirmButton>
                      )}
                    </div>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
