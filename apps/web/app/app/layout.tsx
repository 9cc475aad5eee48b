import Link from 'next/link';
import type { ReactNode } from 'react';
import { getTranslations } from 'next-intl/server';
import { requireMember } from '@/lib/session';
import { navFor } from '@/lib/nav-filter';
import { SidebarNav } from '@/components/SidebarNav';
import { SignOutButton } from '@/components/SignOutButton';
import { ToastProvider } from '@/components/Toast';
import { TenantSwitcher } from '@/components/TenantSwitcher';
import { LanguageSwitcher } from '@/components/LanguageSwitcher';
import { membershipsOf } from '@/lib/member';
import { getDb } from '@rundbrief/db';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const member = await requireMember();
  const t = await getTranslations('shell');
  const [memberships, tenant] = await Promise.all([
    membershipsOf(member.userId),
    getDb().tenant.findUnique({ where: { id: member.tenantId }, select: { status: true, suspendedReason: true } }),
  ]);
  return (
    <ToastProvider>
      <a className="skip-link" href="#main">{t('skipToContent')}</a>
      <div className="shell">
        <aside className="sidebar">
          <Link className="brand" href="/app">Rundbrief</Link>
          <div className="tenant" data-testid="tenant-name">{member.tenantName}</div>
          <SidebarNav groups={navFor(member.role, member.isOperator)} />
        </aside>
        <div className="main">
          <header className="topbar">
            <LanguageSwitcher />
            <details>
              <summary aria-label={t('accountMenu', { email: member.email })}>{member.email}</summary>
              <div className="menu stack" style={{ gap: 8 }}>
                <div className="muted">{t('roleLine', { role: member.role })}</div>
                <TenantSwitcher current={member.tenantId} options={memberships} />
                <SignOutButton />
              </div>
            </details>
          </header>
          {tenant?.status === 'SUSPENDED' && (
            <div className="alert alert-error" role="status">
              {tenant.suspendedReason ? t('suspendedBecause', { reason: tenant.suspendedReason }) : t('suspended')}
            </div>
          )}
          <main id="main">{children}</main>
        </div>
      </div>
    </ToastProvider>
  );
}
