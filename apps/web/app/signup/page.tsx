import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { LanguageSwitcher } from '@/components/LanguageSwitcher';
import { DEFAULT_POLICY } from '@rundbrief/core/accounts/password-rules';
import { SignUpForm } from './SignUpForm';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('auth.signup'))('title') };
}

export default async function SignUpPage() {
  const t = await getTranslations('auth.signup');
  return (
    <main className="auth-page">
      <div className="card auth-card">
        <h1>{t('heading')}</h1>
        <SignUpForm policy={DEFAULT_POLICY} />
        <p className="muted" style={{ marginTop: 16 }}>{t.rich('haveAccount', { link: (chunks) => <Link href="/login">{chunks}</Link> })}</p>
        <LanguageSwitcher />
      </div>
    </main>
  );
}
