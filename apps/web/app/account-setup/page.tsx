import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { pendingSecuritySteps } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { AccountForms } from '@/app/app/settings/account/AccountForms';
import { SignOutButton } from '@/components/SignOutButton';

export const metadata: Metadata = { title: 'Secure your account' };

/** Where requireMember sends users whose password expired or whose tenant requires TOTP. */
export default async function AccountSetupPage() {
  const member = await requireMember('VIEWER', { allowPendingSecurity: true });
  const pending = await pendingSecuritySteps(member.userId);
  if (!pending.mustChangePassword && !pending.mustEnrolTotp) redirect('/app');
  return (
    <main className="auth-page">
      <div className="stack" style={{ width: '100%', maxWidth: 560 }}>
        <h1>Secure your account</h1>
        {pending.mustChangePassword && (
          <div className="alert alert-warning" role="alert">Your password has expired under your account's password policy. Choose a new one to continue.</div>
        )}
        {pending.mustEnrolTotp && (
          <div className="alert alert-warning" role="alert">{member.tenantName} requires two-factor authentication. Set it up to continue.</div>
        )}
        <AccountForms userId={member.userId} email={member.email} only={{ password: pending.mustChangePassword, totp: pending.mustEnrolTotp }} />
        {!pending.mustChangePassword && <a className="btn" href="/app">Continue to the app</a>}
        <SignOutButton />
      </div>
    </main>
  );
}
