// The review workflow as data: which action moves a ballot from which status to which, and which permission
// each step needs. Pure, so the service, the routes and the web application agree on one table.
import type { Permission } from '../../../domain/roles.ts';

export type BallotStatus = 'collected' | 'checked' | 'verified' | 'approved' | 'returned' | 'rejected';
export const BALLOT_STATUSES: readonly BallotStatus[] = [
  'collected',
  'checked',
  'verified',
  'approved',
  'returned',
  'rejected',
];

export type ReviewAction = 'check' | 'verify' | 'approve' | 'return' | 'reject';
export const REVIEW_ACTIONS: readonly ReviewAction[] = ['check', 'verify', 'approve', 'return', 'reject'];

/** collected → checked (commune police) → verified (province) → approved; any open ballot may be returned for
 *  correction or rejected; a returned ballot goes back to collected once corrected (or is rejected). */
export const TRANSITIONS: Record<ReviewAction, { from: readonly BallotStatus[]; to: BallotStatus }> = {
  check: { from: ['collected'], to: 'checked' },
  verify: { from: ['checked'], to: 'verified' },
  approve: { from: ['verified'], to: 'approved' },
  return: { from: ['collected', 'checked', 'verified'], to: 'returned' },
  reject: { from: ['collected', 'checked', 'verified', 'returned'], to: 'rejected' },
};

/** Returning or rejecting is the call of whoever reviews the ballot at the level it stands at. */
const LEVEL_PERMISSION: Record<BallotStatus, Permission> = {
  collected: 'ballot.check',
  returned: 'ballot.check',
  checked: 'ballot.verify',
  verified: 'ballot.approve',
  approved: 'ballot.approve',
  rejected: 'ballot.approve',
};

export function permissionFor(action: ReviewAction, from: BallotStatus): Permission {
  switch (action) {
    case 'check':
      return 'ballot.check';
    case 'verify':
      return 'ballot.verify';
    case 'approve':
      return 'ballot.approve';
    default:
      return LEVEL_PERMISSION[from];
  }
}

export const REVIEW_PERMISSIONS: readonly Permission[] = [
  'ballot.collect',
  'ballot.check',
  'ballot.verify',
  'ballot.approve',
];

export function needsReason(action: ReviewAction): boolean {
  return action === 'return' || action === 'reject';
}

/** The actions an actor holding `can` may take on a ballot in `status`. */
export function actionsFor(status: BallotStatus, can: (p: Permission) => boolean): ReviewAction[] {
  return REVIEW_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(status) && can(permissionFor(a, status)));
}

/** The statuses a bulk action applies to, for an actor holding `can`. */
export function bulkSources(action: ReviewAction, can: (p: Permission) => boolean): BallotStatus[] {
  return TRANSITIONS[action].from.filter((s) => can(permissionFor(action, s)));
}
