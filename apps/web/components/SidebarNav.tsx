'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import type { NavItem, NavSection } from '@/lib/nav';

/** Marks the entry for the current page (longest matching prefix) with aria-current. */
export function SidebarNav({ groups }: { groups: { section: NavSection; items: NavItem[] }[] }) {
  const pathname = usePathname();
  const t = useTranslations('shell');
  const all = groups.flatMap((g) => g.items);
  const active = all
    .filter((i) => pathname === i.href || pathname.startsWith(`${i.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <nav aria-label={t('navLabel')}>
      {groups.map((g) => (
        <div key={g.section} style={{ marginBottom: 16 }}>
          <h2>{t(`sections.${g.section.toLowerCase()}`)}</h2>
          <ul>
            {g.items.map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={item.href === active ? 'page' : undefined}>
                  {t(`nav.${item.label}`)}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
