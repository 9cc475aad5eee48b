import { describe, expect, it } from 'vitest';
import { can, hasRole } from '@rundbrief/core/accounts/roles';
import { navFor } from '../lib/nav-filter.ts';
import type { NavItem } from '../lib/nav.ts';

const items: NavItem[] = [
  { href: '/app', label: 'Overview', section: 'Dashboard' },
  { href: '/app/lists', label: 'Lists', section: 'Audience' },
  { href: '/app/settings/members', label: 'Members', section: 'Settings', minRole: 'ADMIN' },
  { href: '/app/settings/danger', label: 'Delete account', section: 'Settings', minRole: 'OWNER' },
  { href: '/admin', label: 'Operator console', section: 'Operator', operatorOnly: true },
];

const labels = (groups: ReturnType<typeof navFor>) => groups.flatMap((g) => g.items.map((i) => i.label));

describe('roles', () => {
  it('ranks OWNER > ADMIN > MARKETER > VIEWER', () => {
    expect(hasRole('OWNER', 'ADMIN')).toBe(true);
    expect(hasRole('ADMIN', 'MARKETER')).toBe(true);
    expect(hasRole('MARKETER', 'VIEWER')).toBe(true);
    expect(hasRole('VIEWER', 'MARKETER')).toBe(false);
    expect(hasRole('MARKETER', 'ADMIN')).toBe(false);
    expect(hasRole('ADMIN', 'OWNER')).toBe(false);
  });

  it('lets viewers read only and keeps owner actions for owners', () => {
    expect(can('VIEWER', 'read')).toBe(true);
    expect(can('VIEWER', 'campaigns.write')).toBe(false);
    expect(can('MARKETER', 'campaigns.write')).toBe(true);
    expect(can('MARKETER', 'apikeys.manage')).toBe(false);
    expect(can('ADMIN', 'apikeys.manage')).toBe(true);
    expect(can('ADMIN', 'tenant.delete')).toBe(false);
    expect(can('OWNER', 'tenant.delete')).toBe(true);
  });
});

describe('navFor', () => {
  it('hides entries above the role and operator entries from non-operators', () => {
    expect(labels(navFor('VIEWER', false, items))).toEqual(['Overview', 'Lists']);
    expect(labels(navFor('ADMIN', false, items))).toEqual(['Overview', 'Lists', 'Members']);
    expect(labels(navFor('OWNER', true, items))).toEqual(['Overview', 'Lists', 'Members', 'Delete account', 'Operator console']);
  });

  it('shows only operator entries to an operator without a tenant, sections in fixed order', () => {
    expect(navFor(null, true, items)).toEqual([{ section: 'Operator', items: [items[4]] }]);
    expect(navFor('OWNER', false, items).map((g) => g.section)).toEqual(['Dashboard', 'Audience', 'Settings']);
  });
});
