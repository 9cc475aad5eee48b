// The navigation registry. Each area adds its entries here (one line each); the app layout
// renders them grouped by section and hides entries the member's role cannot use. Hiding is
// convenience only: every page still calls requireMember(minRole) itself.
import type { Role } from '@rundbrief/db';

export const NAV_SECTIONS = ['Dashboard', 'Audience', 'Campaigns', 'Reports', 'Settings', 'Operator'] as const;
export type NavSection = (typeof NAV_SECTIONS)[number];

export type NavItem = {
  href: string;
  label: string;
  section: NavSection;
  /** Lowest tenant role that sees the entry (default VIEWER). */
  minRole?: Role;
  /** Only for platform operators (Operator section). */
  operatorOnly?: boolean;
};

export const NAV_ITEMS: NavItem[] = [
  { href: '/app', label: 'Overview', section: 'Dashboard' },
  { href: '/app/campaigns', label: 'Campaigns', section: 'Campaigns' },
  { href: '/app/templates', label: 'Templates', section: 'Campaigns' },
  { href: '/app/lists', label: 'Lists', section: 'Audience' },
  { href: '/app/subscribers', label: 'Subscribers', section: 'Audience' },
  { href: '/app/suppressions', label: 'Suppression list', section: 'Audience' },
  { href: '/app/fields', label: 'Fields', section: 'Audience' },
  { href: '/app/reports', label: 'Reports', section: 'Reports' },
  { href: '/app/settings/members', label: 'Members', section: 'Settings' },
  { href: '/app/settings/security', label: 'Security', section: 'Settings', minRole: 'ADMIN' },
  { href: '/app/settings/api-keys', label: 'API keys', section: 'Settings', minRole: 'ADMIN' },
  { href: '/app/settings/audit', label: 'Audit log', section: 'Settings', minRole: 'ADMIN' },
  { href: '/app/settings/account', label: 'My account', section: 'Settings' },
  { href: '/admin', label: 'Operator console', section: 'Operator', operatorOnly: true },
  { href: '/admin/tenants', label: 'Tenants', section: 'Operator', operatorOnly: true },
  { href: '/admin/ips', label: 'Sending IPs', section: 'Operator', operatorOnly: true },
  { href: '/admin/alerts', label: 'Alerts', section: 'Operator', operatorOnly: true },
  { href: '/admin/blocklist', label: 'Platform blocklist', section: 'Operator', operatorOnly: true },
  { href: '/admin/feedback', label: 'Feedback loop & proxies', section: 'Operator', operatorOnly: true },
  { href: '/admin/platform-mail', label: 'Platform mail', section: 'Operator', operatorOnly: true },
  { href: '/dev/inbox', label: 'Mail sink inbox', section: 'Operator', operatorOnly: true },
  { href: '/dev/dns', label: 'Dev DNS', section: 'Operator', operatorOnly: true },
];
