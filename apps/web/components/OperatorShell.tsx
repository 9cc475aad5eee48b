import Link from 'next/link';
import type { ReactNode } from 'react';
import { getTranslations } from 'next-intl/server';
import { requireOperator } from '@/lib/session';
import { navFor } from '@/lib/nav-filter';
import { SidebarNav } from './SidebarNav';
import { SignOutButton } from './SignOutButton';
import { LanguageSwitcher } from './LanguageSwitcher';

/** Layout for /admin and /dev: platform operators only (re-checked in the database). */
export async function OperatorShell({ children }: { children: ReactNode }) {
  const operator = await requireOperator();
  const t = await getTranslations('shell');
  return (
    <>
      <a className="skip-link" href="#main">{t('skipToContent')}</a>
      <div className="shell">
        <aside className="sidebar">
          <Link className="brand" href="/admin">Rundbrief</Link>
          <div className="tenant">{t('platformOperator')}</div>
          <SidebarNav groups={navFor(null, true)} />
          <Link href="/app" style={{ marginTop: 'auto' }}>{t('backToApp')}</Link>
        </aside>
        <div className="main">
          <header className="topbar">
            <span>{operator.email}</span>
            <LanguageSwitcher />
            <SignOutButton />
          </header>
          <main id="main">{children}</main>
        </div>
      </div>
    </>
  );
}
