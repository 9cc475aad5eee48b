'use client';

import { useTranslations } from 'next-intl';

// Unexpected failures inside the app shell: keep the navigation, say what happened, offer a
// retry. Details stay in the server log (the digest links the two).
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('errors.app');
  return (
    <div className="alert alert-error" role="alert">
      <h2>{t('title')}</h2>
      <p>{error.digest ? t('bodyWithReference', { reference: error.digest }) : t('body')}</p>
      <button type="button" className="btn" onClick={reset}>{t('retry')}</button>
    </div>
  );
}
