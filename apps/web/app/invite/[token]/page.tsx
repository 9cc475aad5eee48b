import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { coreErrorMessage } from '@/lib/core-errors';
import { DomainError, getInvitation } from '@rundbrief/core';
import { AcceptForm } from './AcceptForm';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('auth.invite'))('title'), referrer: 'no-referrer' };
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations('auth.invite');
  let invitation: Awaited<ReturnType<typeof getInvitation>>;
  try {
    invitation = await getInvitation(token);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return (
      <main className="auth-page">
        <div className="card auth-card stack">
          <h1>{t('invalidTitle')}</h1>
          <div className="alert alert-error" role="alert">{await coreErrorMessage(err)}</div>
          <Link href="/login">{t('toLogin')}</Link>
        </div>
      </main>
    );
  }
  return (
    <main className="auth-page">
      <div className="card auth-card stack">
        <h1>{t('heading', { tenant: invitation.tenantName })}</h1>
        <p>{t.rich('invitedAs', { role: invitation.role, email: invitation.email, strong: (chunks) => <strong>{chunks}</strong> })}</p>
        <AcceptForm token={token} email={invitation.email} existingUser={invitation.existingUser} policy={invitation.policy} />
      </div>
    </main>
  );
}
