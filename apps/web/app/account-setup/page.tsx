import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { pendingSecuritySteps } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { AccountForms } from '@/app/app/settings/account/AccountForms';
import { SignOutButton } from '@/components/SignOutButton';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('auth.setup'))('title') };
}

/** Where requireMember sends users whose password expired or whose tenant requires TOTP. */
export default async function AccountSetupPage() {
  const member = await requireMember('VIEWER', { allowPendingSecurity: true });
  const pending = await pendingSecuritySteps(member.userId);
  const t = await getTranslations('auth.setup');
  if (!pending.mustChangePassword && !pending.mustEnrolTotp) redirect('/app');
  return (
    <main className="auth-page">
      <div className="stack" style={{ width: '100%', maxWidth: 560 }}>
        <h1>{t('heading')}</h1>
        {pending.mustChangePassword && (
          <div className="alert alert-warning" role="alert">{t('passwordExpired')}</div>
        )}
        {pending.mustEnrolTotp && (
          <div className="alert alert-warning" role="alert">{t('totpRequired', { tenant: member.tenantName })}</div>
        )}
        <AccountForms userId={member.userId} email={member.email} only={{ password: pending.mustChangePassword, totp: pending.mustEnrolTotp }} />
        {!pending.mustChangePassword && <a className="btn" href="/app">{t('continue')}</a>}
        <SignOutButton />
      </div>
    </main>
  );
}
