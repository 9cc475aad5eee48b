import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { coreErrorMessage } from '@/lib/core-errors';
import { DomainError, effectivePolicyForUser, getPasswordResetToken } from '@rundbrief/core';
import { ResetForm } from './ResetForm';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('auth.reset'))('chooseTitle'), referrer: 'no-referrer' };
}

export default async function ResetPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations('auth.reset');
  let reset: Awaited<ReturnType<typeof getPasswordResetToken>>;
  try {
    reset = await getPasswordResetToken(token);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return (
      <main className="auth-page">
        <div className="card auth-card stack">
          <h1>{t('invalidTitle')}</h1>
          <div className="alert alert-error" role="alert">{await coreErrorMessage(err)}</div>
          <Link href="/reset-password">{t('requestNew')}</Link>
        </div>
      </main>
    );
  }
  const policy = await effectivePolicyForUser(reset.userId);
  return (
    <main className="auth-page">
      <div className="card auth-card stack">
        <h1>{t('chooseTitle')}</h1>
        <p className="muted">{t('forEmail', { email: reset.email })}</p>
        <ResetForm token={token} email={reset.email} policy={policy} />
      </div>
    </main>
  );
}
