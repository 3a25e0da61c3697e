// The navigation entries and the permission each needs: an officer sees only what their roles allow.
import type { Permission } from '../../../src/domain/roles.ts';
import type { SessionUser } from '../api/types.ts';
import { hasPermission } from '../auth/session.tsx';

export interface NavItem {
  path: string;
  labelKey: 'nav.search' | 'nav.users' | 'nav.audit';
  permission: Permission;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/persons', labelKey: 'nav.search', permission: 'person.read' },
  { path: '/audit', labelKey: 'nav.audit', permission: 'audit.read' },
  { path: '/users', labelKey: 'nav.users', permission: 'user.manage' },
];

export function navItemsFor(user: SessionUser | null | undefined): NavItem[] {
  return NAV_ITEMS.filter((i) => hasPermission(user, i.permission));
}
