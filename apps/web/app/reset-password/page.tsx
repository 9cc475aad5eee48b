import type { Metadata } from 'next';
import Link from 'next/link';
import { RequestResetForm } from './RequestResetForm';

export const metadata: Metadata = { title: 'Reset your password' };

export default function RequestResetPage() {
  return (
    <main className="auth-page">
      <div className="card auth-card stack">
        <h1>Reset your password</h1>
        <p className="muted">Enter the e-mail address of your account. We'll send you a link to choose a new password.</p>
        <RequestResetForm />
        <Link href="/login">Back to sign in</Link>
      </div>
    </main>
  );
}
