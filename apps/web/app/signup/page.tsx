import type { Metadata } from 'next';
import Link from 'next/link';
import { DEFAULT_POLICY } from '@rundbrief/core/accounts/password-rules';
import { SignUpForm } from './SignUpForm';

export const metadata: Metadata = { title: 'Create your account' };

export default function SignUpPage() {
  return (
    <main className="auth-page">
      <div className="card auth-card">
        <h1>Create your Rundbrief account</h1>
        <SignUpForm policy={DEFAULT_POLICY} />
        <p className="muted" style={{ marginTop: 16 }}>Already have an account? <Link href="/login">Sign in</Link></p>
      </div>
    </main>
  );
}
