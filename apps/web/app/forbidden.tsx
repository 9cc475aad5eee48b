import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { SignOutButton } from '@/components/SignOutButton';
import { ipRefusedForSession } from '@/lib/session';

// Every 403 of a page or action renders this (forbidden()): a role too low, or a request
// from outside the tenant's IP allowlist, which gets its own explanation.
export default async function Forbidden() {
  const refused = await ipRefusedForSession();
  const t = await getTranslations('errors');
  if (refused) {
    return (
      <main className="auth-page">
        <div className="card auth-card stack">
          <h1>{t('ipRefused.title')}</h1>
          <p>
            {t.rich('ipRefused.body', { ip: () => <strong className="mono" data-testid="refused-ip">{refused.ip ?? t('ipRefused.unknownIp')}</strong> })}
          </p>
          <p className="muted">{t('ipRefused.hint')}</p>
          <SignOutButton />
        </div>
      </main>
    );
  }
  return (
    <main className="auth-page">
      <div className="card auth-card">
        <h1>{t('forbidden.title')}</h1>
        <p>{t('forbidden.body')}</p>
        <Link className="btn" href="/app">{t('forbidden.back')}</Link>
      </div>
    </main>
  );
}
