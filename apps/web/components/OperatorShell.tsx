import Link from 'next/link';
import type { ReactNode } from 'react';
import { requireOperator } from '@/lib/session';
import { navFor } from '@/lib/nav-filter';
import { SidebarNav } from './SidebarNav';
import { SignOutButton } from './SignOutButton';

/** Layout for /admin and /dev: platform operators only (re-checked in the database). */
export async function OperatorShell({ children }: { children: ReactNode }) {
  const operator = await requireOperator();
  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <div className="shell">
        <aside className="sidebar">
          <Link className="brand" href="/admin">Rundbrief</Link>
          <div className="tenant">Platform operator</div>
          <SidebarNav groups={navFor(null, true)} />
          <Link href="/app" style={{ marginTop: 'auto' }}>← Back to the app</Link>
        </aside>
        <div className="main">
          <header className="topbar">
            <span>{operator.email}</span>
            <SignOutButton />
          </header>
          <main id="main">{children}</main>
        </div>
      </div>
    </>
  );
}
