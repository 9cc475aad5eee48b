import type { Metadata } from 'next';
import Link from 'next/link';
import { DomainError, getInvitation } from '@rundbrief/core';
import { AcceptForm } from './AcceptForm';

export const metadata: Metadata = { title: 'Accept invitation', referrer: 'no-referrer' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let invitation: Awaited<ReturnType<typeof getInvitation>>;
  try {
    invitation = await getInvitation(token);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return (
      <main className="auth-page">
        <div className="card auth-card stack">
          <h1>Invitation not valid</h1>
          <div className="alert alert-error" role="alert">{err.message}</div>
          <Link href="/login">Go to sign in</Link>
        </div>
      </main>
    );
  }
  return (
    <main className="auth-page">
      <div className="card auth-card stack">
        <h1>Join {invitation.tenantName}</h1>
        <p>You were invited as <strong>{invitation.role.toLowerCase()}</strong> with <strong>{invitation.email}</strong>.</p>
        <AcceptForm token={token} email={invitation.email} existingUser={invitation.existingUser} policy={invitation.policy} />
      </div>
    </main>
  );
}
