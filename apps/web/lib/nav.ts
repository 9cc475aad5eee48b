// The navigation registry. Each area adds its entries here (one line each); the app layout
// renders them grouped by section and hides entries the member's role cannot use. Hiding is
// convenience only: every page still calls requireMember(minRole) itself.
import type { Role } from '@rundbrief/db';

export const NAV_SECTIONS = ['Dashboard', 'Audience', 'Campaigns', 'Reports', 'Settings', 'Operator'] as const;
export type NavSection = (typeof NAV_SECTIONS)[number];

export type NavItem = {
  href: string;
  /** Message key under shell.nav (messages/<locale>/shell.json): add it in both languages. */
  label: string;
  section: NavSection;
  /** Lowest tenant role that sees the entry (default VIEWER). */
  minRole?: Role;
  /** Only for platform operators (Operator section). */
  operatorOnly?: boolean;
};

export const NAV_ITEMS: NavItem[] = [
  { href: '/app', label: 'overview', section: 'Dashboard' },
  { href: '/app/campaigns', label: 'campaigns', section: 'Campaigns' },
  { href: '/app/templates', label: 'templates', section: 'Campaigns' },
  { href: '/app/lists', label: 'lists', section: 'Audience' },
  { href: '/app/subscribers', label: 'subscribers', section: 'Audience' },
  { href: '/app/suppressions', label: 'suppressions', section: 'Audience' },
  { href: '/app/fields', label: 'fields', section: 'Audience' },
  { href: '/app/reports', label: 'reports', section: 'Reports' },
  { href: '/app/settings/members', label: 'members', section: 'Settings' },
  { href: '/app/settings/security', label: 'security', section: 'Settings', minRole: 'ADMIN' },
  { href: '/app/settings/api-keys', label: 'apiKeys', section: 'Settings', minRole: 'ADMIN' },
  { href: '/app/settings/audit', label: 'audit', section: 'Settings', minRole: 'ADMIN' },
  { href: '/app/settings/account', label: 'account', section: 'Settings' },
  { href: '/admin', label: 'operatorConsole', section: 'Operator', operatorOnly: true },
  { href: '/admin/tenants', label: 'tenants', section: 'Operator', operatorOnly: true },
  { href: '/admin/ips', label: 'sendingIps', section: 'Operator', operatorOnly: true },
  { href: '/admin/alerts', label: 'alerts', section: 'Operator', operatorOnly: true },
  { href: '/admin/blocklist', label: 'blocklist', section: 'Operator', operatorOnly: true },
  { href: '/admin/feedback', label: 'feedback', section: 'Operator', operatorOnly: true },
  { href: '/admin/platform-mail', label: 'platformMail', section: 'Operator', operatorOnly: true },
  { href: '/dev/inbox', label: 'devInbox', section: 'Operator', operatorOnly: true },
  { href: '/dev/dns', label: 'devDns', section: 'Operator', operatorOnly: true },
];
