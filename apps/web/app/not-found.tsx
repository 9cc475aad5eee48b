import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export default async function NotFound() {
  const t = await getTranslations('errors.notFound');
  return (
    <main className="auth-page">
      <div className="card auth-card">
        <h1>{t('title')}</h1>
        <p>{t('body')}</p>
        <Link className="btn" href="/app">{t('back')}</Link>
      </div>
    </main>
  );
}
