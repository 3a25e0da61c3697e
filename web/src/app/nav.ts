// The navigation entries and the permission each needs: an officer sees only what their roles allow.
import type { Permission } from '../../../src/domain/roles.ts';
import type { SessionUser } from '../api/types.ts';
import { hasPermission } from '../auth/session.tsx';

export interface NavItem {
  path: string;
  labelKey:
    | 'nav.search'
    | 'nav.users'
    | 'nav.audit'
    | 'campaign.nav.dashboard'
    | 'campaign.nav.review'
    | 'campaign.nav.entry'
    | 'campaign.nav.upload'
    | 'quality.nav'
    | 'dedup.nav'
    | 'cards.nav.applications'
    | 'cards.nav.batches'
    | 'cards.nav.due'
    | 'cards.nav.dashboard';
  permission: Permission;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/persons', labelKey: 'nav.search', permission: 'person.read' },
  { path: '/campaign/progress', labelKey: 'campaign.nav.dashboard', permission: 'campaign.read' },
  { path: '/campaign/review', labelKey: 'campaign.nav.review', permission: 'ballot.check' },
  { path: '/campaign/entry', labelKey: 'campaign.nav.entry', permission: 'ballot.collect' },
  { path: '/campaign/upload', labelKey: 'campaign.nav.upload', permission: 'ballot.collect' },
  { path: '/audit', labelKey: 'nav.audit', permission: 'audit.read' },
  { path: '/quality', labelKey: 'quality.nav', permission: 'campaign.read' },
  { path: '/dedup', labelKey: 'dedup.nav', permission: 'dedup.review' },
  { path: '/cards/applications', labelKey: 'cards.nav.applications', permission: 'card.read' },
  { path: '/cards/batches', labelKey: 'cards.nav.batches', permission: 'card.produce' },
  { path: '/cards/due', labelKey: 'cards.nav.due', permission: 'card.read' },
  { path: '/cards/dashboard', labelKey: 'cards.nav.dashboard', permission: 'card.read' },
  { path: '/users', labelKey: 'nav.users', permission: 'user.manage' },
];

export function navItemsFor(user: SessionUser | null | undefined): NavItem[] {
  return NAV_ITEMS.filter((i) => hasPermission(user, i.permission));
}

/** Where an officer lands after signing in: the first of these pages their roles allow (an auditor's is the
 *  audit trail, though auditors may also read the campaign dashboards). */
const HOME_ORDER: readonly string[] = ['/persons', '/audit', '/campaign/progress', '/quality', '/users'];

export function homeItemFor(user: SessionUser | null | undefined): NavItem | undefined {
  const allowed = navItemsFor(user);
  for (const path of HOME_ORDER) {
    const item = allowed.find((i) => i.path === path);
    if (item) return item;
  }
  return allowed[0];
}
