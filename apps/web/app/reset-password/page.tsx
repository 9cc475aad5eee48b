import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { RequestResetForm } from './RequestResetForm';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('auth.reset'))('title') };
}

export default async function RequestResetPage() {
  const t = await getTranslations('auth.reset');
  return (
    <main className="auth-page">
      <div className="card auth-card stack">
        <h1>{t('heading')}</h1>
        <p className="muted">{t('intro')}</p>
        <RequestResetForm />
        <Link href="/login">{t('back')}</Link>
      </div>
    </main>
  );
}
