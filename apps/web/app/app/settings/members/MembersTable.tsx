'use client';

import { useTransition } from 'react';
import { useRouter } from 'next/navigation';
import type { ActionResult } from '@/lib/action-result';
import { ConfirmButton } from '@/components/ConfirmButton';
import { useToast } from '@/components/Toast';
import { changeRoleAction, removeMemberAction, transferOwnershipAction } from './actions';

type Role = 'OWNER' | 'ADMIN' | 'MARKETER' | 'VIEWER';
type Row = { id: string; userId: string; email: string; name: string | null; role: Role; totp: boolean; locked: boolean; since: string };

const ROLE_LABEL: Record<Role, string> = { OWNER: 'Owner', ADMIN: 'Admin', MARKETER: 'Marketer', VIEWER: 'Viewer' };

export function MembersTable({ members, me, myRole }: { members: Row[]; me: string; myRole: Role }) {
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
          <tr><th scope="col">Member</th><th scope="col">Role</th><th scope="col">Two-factor</th><th scope="col">Member since</th>{isAdmin && <th scope="col"><span className="sr-only">Actions</span></th>}</tr>
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
                  {m.userId === me && <span className="badge badge-info">You</span>} {m.locked && <span className="badge badge-warning">Locked</span>}
                </td>
                <td>
                  {editable ? (
                    <select
                      aria-label={`Role of ${m.email}`}
                      value={m.role}
                      disabled={pending}
                      onChange={(e) => run(`Role of ${m.email} changed`, () => changeRoleAction(m.id, e.target.value))}
                    >
                      {(myRole === 'OWNER' ? (['OWNER', 'ADMIN', 'MARKETER', 'VIEWER'] as const) : (['ADMIN', 'MARKETER', 'VIEWER'] as const)).map((r) => (
                        <option key={r} value={r}>{ROLE_LABEL[r]}</option>
                      ))}
                    </select>
                  ) : (
                    <span className="badge badge-neutral">{ROLE_LABEL[m.role]}</span>
                  )}
                </td>
                <td>{m.totp ? <span className="badge badge-success">On</span> : <span className="badge badge-neutral">Off</span>}</td>
                <td>{new Date(m.since).toLocaleDateString('en-GB')}</td>
                {isAdmin && (
                  <td>
                    <div className="toolbar" style={{ justifyContent: 'flex-end' }}>
                      {myRole === 'OWNER' && m.userId !== me && m.role !== 'OWNER' && (
                        <ConfirmButton
                          className="btn btn-sm"
                          danger={false}
                          title="Transfer ownership?"
                          confirmLabel="Transfer ownership"
                          message={<p>{m.email} becomes the owner of this account. You become an admin and can no longer transfer ownership or delete the account.</p>}
                          onConfirm={() => run(`${m.email} is now the owner`, () => transferOwnershipAction(m.id))}
                          disabled={pending}
                        >
                          Make owner
                        </ConfirmButton>
                      )}
                      {editable && (
                        <ConfirmButton
                          className="btn btn-danger btn-sm"
                          title={`Remove ${m.email}?`}
                          confirmLabel="Remove member"
                          message={<p>{m.email} loses access to this account immediately. Their user account itself is kept.</p>}
                          onConfirm={() => run(`${m.email} removed`, () => removeMemberAction(m.id))}
                          disabled={pending}
                        >
                          Remove
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
