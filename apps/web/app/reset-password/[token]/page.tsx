import type { Metadata } from 'next';
import Link from 'next/link';
import { DomainError, effectivePolicyForUser, getPasswordResetToken } from '@rundbrief/core';
import { ResetForm } from './ResetForm';

export const metadata: Metadata = { title: 'Choose a new password', referrer: 'no-referrer' };

export default async function ResetPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let reset: Awaited<ReturnType<typeof getPasswordResetToken>>;
  try {
    reset = await getPasswordResetToken(token);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return (
      <main className="auth-page">
        <div className="card auth-card stack">
          <h1>Link not valid</h1>
          <div className="alert alert-error" role="alert">{err.message}</div>
          <Link href="/reset-password">Request a new link</Link>
        </div>
      </main>
    );
  }
  const policy = await effectivePolicyForUser(reset.userId);
  return (
    <main className="auth-page">
      <div className="card auth-card stack">
        <h1>Choose a new password</h1>
        <p className="muted">For {reset.email}</p>
        <ResetForm token={token} email={reset.email} policy={policy} />
      </div>
    </main>
  );
}
