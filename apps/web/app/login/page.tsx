import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { safeRedirectPath } from '@rundbrief/core';
import { currentMember } from '@/lib/session';
import { LanguageSwitcher } from '@/components/LanguageSwitcher';
import { LoginForm } from './LoginForm';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('auth.login'))('title') };
}

// next-auth redirects here with ?error=<code>; auth.login.errors.<code> is what users see for it.
const ERRORS = ['NoMembership', 'SessionRequired'];

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  // Only a path on this site (core safeRedirectPath), so this page is no open redirect.
  const callbackUrl = safeRedirectPath(params.callbackUrl);
  if (await currentMember()) redirect(callbackUrl);
  const code = typeof params.error === 'string' ? params.error : undefined;
  const t = await getTranslations('auth.login');
  return (
    <main className="auth-page">
      <div className="card auth-card">
        <h1>{t('heading')}</h1>
        <LoginForm callbackUrl={callbackUrl} initialError={code && ERRORS.includes(code) ? t(`errors.${code}`) : null} />
        <div style={{ marginTop: 16 }}><LanguageSwitcher /></div>
      </div>
    </main>
  );
}
