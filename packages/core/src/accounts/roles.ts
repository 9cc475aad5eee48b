// Role ranks: each role may do everything the roles below it may do.
// VIEWER reads; MARKETER manages audience, content and campaigns; ADMIN manages users,
// security settings, domains and API keys; OWNER adds ownership transfer and tenant deletion.
import type { Role } from '@rundbrief/db';
import { DomainError } from '../errors.ts';

export const ROLES = ['OWNER', 'ADMIN', 'MARKETER', 'VIEWER'] as const satisfies readonly Role[];
const RANK: Record<Role, number> = { VIEWER: 0, MARKETER: 1, ADMIN: 2, OWNER: 3 };

export const hasRole = (role: Role, min: Role) => RANK[role] >= RANK[min];

/** The minimum role per kind of action; the UI hides what `can` denies, the server refuses it anyway. */
export const ACTION_MIN_ROLE = {
  read: 'VIEWER',
  'audience.write': 'MARKETER',
  'content.write': 'MARKETER',
  'campaigns.write': 'MARKETER',
  'members.manage': 'ADMIN',
  'security.manage': 'ADMIN',
  'domains.manage': 'ADMIN',
  'apikeys.manage': 'ADMIN',
  'audit.read': 'ADMIN',
  'ownership.transfer': 'OWNER',
  'tenant.delete': 'OWNER',
} as const satisfies Record<string, Role>;
export type Action = keyof typeof ACTION_MIN_ROLE;

export const can = (role: Role, action: Action) => hasRole(role, ACTION_MIN_ROLE[action]);

export function assertRole(role: Role, min: Role): void {
  if (!hasRole(role, min)) throw new DomainError('FORBIDDEN', `This needs the ${min} role or higher (you are ${role}).`).withText('accounts.roleNeeded', { min, role });
}
