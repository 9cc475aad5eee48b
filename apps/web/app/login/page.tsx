import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { safeRedirectPath } from '@rundbrief/core';
import { currentMember } from '@/lib/session';
import { LoginForm } from './LoginForm';

export const metadata: Metadata = { title: 'Sign in' };

// next-auth redirects here with ?error=<code>; these are the messages users see for it.
const ERRORS: Record<string, string> = {
  NoMembership: 'Your user is not a member of any account. Ask an admin to invite you.',
  SessionRequired: 'Please sign in to continue.',
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  // Only a path on this site (core safeRedirectPath), so this page is no open redirect.
  const callbackUrl = safeRedirectPath(params.callbackUrl);
  if (await currentMember()) redirect(callbackUrl);
  const code = typeof params.error === 'string' ? params.error : undefined;
  return (
    <main className="auth-page">
      <div className="card auth-card">
        <h1>Sign in to Rundbrief</h1>
        <LoginForm callbackUrl={callbackUrl} initialError={code ? (ERRORS[code] ?? null) : null} />
      </div>
    </main>
  );
}
