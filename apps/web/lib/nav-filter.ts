import type { Role } from '@rundbrief/db';
import { hasRole } from '@rundbrief/core/accounts/roles';
import { NAV_ITEMS, NAV_SECTIONS, type NavItem, type NavSection } from './nav.ts';

/** The entries a viewer may see, grouped by section in the fixed section order. */
export function navFor(role: Role | null, isOperator: boolean, items: NavItem[] = NAV_ITEMS): { section: NavSection; items: NavItem[] }[] {
  const visible = items.filter((i) => (i.operatorOnly ? isOperator : role !== null && hasRole(role, i.minRole ?? 'VIEWER')));
  return NAV_SECTIONS.map((section) => ({ section, items: visible.filter((i) => i.section === section) })).filter((g) => g.items.length > 0);
}
