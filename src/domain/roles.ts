// Roles and what each may do. Jurisdiction (an administrative unit and everything under it) narrows the
// person-level permissions further; it is checked in the services, not only in routes.

export const ROLES = [
  'national_admin',
  'provincial_officer',
  'commune_officer',
  'card_officer',
  'auditor',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { vi: string; en: string }> = {
  national_admin: { vi: 'Quản trị viên quốc gia', en: 'National administrator' },
  provincial_officer: { vi: 'Cán bộ công an tỉnh', en: 'Provincial officer' },
  commune_officer: { vi: 'Cán bộ công an xã', en: 'Commune officer' },
  card_officer: { vi: 'Cán bộ sản xuất thẻ', en: 'Card officer' },
  auditor: { vi: 'Kiểm toán viên', en: 'Auditor' },
  viewer: { vi: 'Người xem', en: 'Viewer' },
};

export type Permission =
  | 'person.read'
  | 'person.write'
  /** See ethnicity, religion, blood group (sensitive data, Decree 13/2023 Art 2.4). */
  | 'person.sensitive'
  | 'user.manage'
  | 'audit.read'
  | 'reference.read'
  /** Enter DC01/DC02 ballots (form, API, file) in the jurisdiction. */
  | 'ballot.collect'
  /** Review levels of the collection campaign: checked (commune police), verified (province), approved. */
  | 'ballot.check'
  | 'ballot.verify'
  | 'ballot.approve'
  /** See campaign progress and data-quality scores for the jurisdiction. */
  | 'campaign.read'
  /** Decide duplicate pairs, merge and unmerge persons. */
  | 'dedup.review'
  /** Recompute the data-quality scores (a scan of the whole registry). */
  | 'quality.refresh'
  /** Receive card applications, deliver and hand over cards, take loss reports, lock and unlock cards. */
  | 'card.apply'
  /** Approve or refuse applications, revoke and retain cards. */
  | 'card.approve'
  /** Build production batches and import their results. */
  | 'card.produce'
  /** See applications, cards, the due list and the card dashboard. */
  | 'card.read';

const GRANTS: Record<Role, readonly Permission[]> = {
  national_admin: [
    'person.read',
    'person.write',
    'person.sensitive',
    'user.manage',
    'audit.read',
    'reference.read',
    'ballot.collect',
    'ballot.check',
    'ballot.verify',
    'ballot.approve',
    'campaign.read',
    'dedup.review',
    'quality.refresh',
    'card.apply',
    'card.approve',
    'card.produce',
    'card.read',
  ],
  provincial_officer: [
    'person.read',
    'person.write',
    'person.sensitive',
    'reference.read',
    'ballot.collect',
    'ballot.check',
    'ballot.verify',
    'ballot.approve',
    'campaign.read',
    'dedup.review',
    'quality.refresh',
    'card.apply',
    'card.approve',
    'card.produce',
    'card.read',
  ],
  commune_officer: [
    'person.read',
    'person.write',
    'person.sensitive',
    'reference.read',
    'ballot.collect',
    'ballot.check',
    'campaign.read',
    'dedup.review',
    'card.apply',
    'card.read',
  ],
  card_officer: ['person.read', 'reference.read', 'card.apply', 'card.approve', 'card.produce', 'card.read'],
  auditor: ['audit.read', 'reference.read', 'campaign.read'],
  viewer: ['person.read', 'reference.read', 'campaign.read'],
};

export function can(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((r) => GRANTS[r].includes(permission));
}

export function isRole(x: string): x is Role {
  return (ROLES as readonly string[]).includes(x);
}
