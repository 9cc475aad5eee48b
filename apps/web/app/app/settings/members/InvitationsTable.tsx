'use client';

import { useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { ConfirmButton } from '@/components/ConfirmButton';
import { useToast } from '@/components/Toast';
import { revokeInvitationAction } from './actions';

export function InvitationsTable({ invitations }: { invitations: { id: string; email: string; role: string; expiresAt: string }[] }) {
  const toast = useToast();
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <div className="table-wrap">
      <table className="table">
        <thead><tr><th scope="col">E-mail</th><th scope="col">Role</th><th scope="col">Expires</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {invitations.map((i) => {
            const expired = new Date(i.expiresAt) < new Date();
            return (
              <tr key={i.id}>
                <td>{i.email}</td>
                <td>{i.role.toLowerCase()}</td>
                <td>{expired ? <span className="badge badge-warning">Expired</span> : new Date(i.expiresAt).toLocaleString('en-GB')}</td>
                <td>
                  <ConfirmButton
                    className="btn btn-sm"
                    title="Revoke invitation?"
                    confirmLabel="Revoke"
                    message={<p>The link sent to {i.email} stops working.</p>}
                    disabled={pending}
                    onConfirm={() =>
                      start(async () => {
                        const r = await revokeInvitationAction(i.id);
                        toast(r.ok ? `Invitation for ${i.email} revoked` : r.error, r.ok ? 'info' : 'error');
                        router.refresh();
                      })
                    }
                  >
                    Revoke
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
