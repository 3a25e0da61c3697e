// The card module's code lists: why one applies, where an application stands, and the grounds of revocation.
export const APPLICATION_REASONS = [
  'first',
  'renewal',
  'change',
  'sex_reregistration',
  'pin_reestablishment',
  'lost',
  'damaged',
] as const;
export const APPLICATION_STATUSES = [
  'received',
  'approved',
  'in_production',
  'produced',
  'delivered',
  'issued',
  'refused',
  'cancelled',
] as const;
/** Grounds of revocation an officer may give (Law 26/2023 Art 29, domain.md §4.3). */
export const REVOKE_GROUNDS = ['nationality_lost', 'issued_in_violation', 'altered'] as const;
