import Link from 'next/link';
import type { ReactNode } from 'react';

/** "Nothing here yet" with what to do next. */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: { href: string; label: string } }) {
  return (
    <div className="empty-state">
      <h2>{title}</h2>
      {children && <p>{children}</p>}
      {action && <Link className="btn btn-primary" href={action.href}>{action.label}</Link>}
    </div>
  );
}
