// Typed domain errors with stable codes. Services throw these; src/http/errors.ts maps codes to HTTP statuses
// in one table, and the CLI prints their message. Nothing here knows about HTTP.

export interface Violation {
  /** Field path, e.g. "dateOfBirth" or "permanentResidence.unitCode". */
  field: string;
  /** Stable rule code, e.g. "date.future" (see docs/errors.md). */
  rule: string;
  message: string;
  value?: unknown;
}

export type ErrorCode =
  | 'VALIDATION'
  | 'BAD_REQUEST'
  | 'REGISTRY.PERSON_NOT_FOUND'
  | 'REGISTRY.PIN_NOT_FOUND'
  | 'REGISTRY.NO_STATE_AT_DATE'
  | 'REGISTRY.VERSION_MISMATCH'
  | 'REGISTRY.PRECONDITION_REQUIRED'
  | 'REGISTRY.CONFLICT'
  | 'REGISTRY.INVALID_EVENT'
  | 'REGISTRY.PIN_EXHAUSTED'
  | 'REGISTRY.NOTICE_NOT_FOUND'
  | 'REGISTRY.NOTICE_DECIDED'
  | 'REGISTRY.NOTICE_STALE'
  | 'REFERENCE.UNIT_NOT_FOUND'
  | 'REFERENCE.NOT_LOADED'
  | 'AUTH.FORBIDDEN'
  | 'AUTH.INVALID_CREDENTIALS'
  | 'AUTH.TOTP_REQUIRED'
  | 'AUTH.LOCKED'
  | 'AUTH.DISABLED'
  | 'AUTH.UNAUTHENTICATED'
  | 'AUTH.CSRF'
  | 'AUTH.RATE_LIMITED'
  | 'AUTH.TOKEN_EXPIRED'
  | 'AUTH.SCOPE'
  | 'ACCESS.USER_NOT_FOUND'
  | 'ACCESS.USER_EXISTS'
  | 'ACCESS.TOKEN_NOT_FOUND'
  | 'CAMPAIGN.BALLOT_NOT_FOUND'
  | 'CAMPAIGN.JOB_NOT_FOUND'
  | 'CAMPAIGN.INVALID_TRANSITION'
  | 'CAMPAIGN.BAD_FILE'
  | 'CAMPAIGN.FILE_TOO_LARGE'
  | 'CAMPAIGN.JOB_RUNNING'
  | 'CAMPAIGN.FOUR_EYES'
  | 'CAMPAIGN.MATCH_UNDECIDED'
  | 'CAMPAIGN.CONFIRMATION_REQUIRED'
  | 'DEDUP.PAIR_NOT_FOUND'
  | 'DEDUP.MERGE_NOT_FOUND'
  | 'DEDUP.ALREADY_DECIDED'
  | 'DEDUP.CANNOT_UNMERGE'
  | 'DEDUP.PAIR_REFERRED'
  | 'AUDIT.KEY_MISSING'
  | 'AUDIT.KEY_MISMATCH'
  | 'AUDIT.KEY_INVALID'
  | 'AUDIT.CHECKPOINT_INVALID'
  | 'AUDIT.CHAIN_BROKEN'
  | 'CARD.CA_EXISTS'
  | 'CARD.KEYS_MISSING'
  | 'CARD.STATUS_LIST_INVALID'
  | 'CARD.NOT_FOUND'
  | 'CARD.APPLICATION_NOT_FOUND'
  | 'CARD.INVALID_TRANSITION'
  | 'CARD.NOT_ELIGIBLE'
  | 'CARD.BATCH_NOT_FOUND'
  | 'CARD.NOTHING_TO_PRODUCE'
  | 'NOT_FOUND';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Input broke one or more rules; nothing was written. */
export class ValidationError extends DomainError {
  constructor(readonly violations: Violation[]) {
    const first = violations[0];
    const summary = first ? `${first.field}: ${first.message}` : 'invalid input';
    const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : '';
    super('VALIDATION', `${summary}${more}`, { violations });
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends DomainError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'NotFoundError';
  }
}

/** Collects violations so a validator can report all of them at once. */
export class Violations {
  readonly list: Violation[] = [];
  add(field: string, rule: string, message: string, value?: unknown): void {
    this.list.push(value === undefined ? { field, rule, message } : { field, rule, message, value });
  }
  get empty(): boolean {
    return this.list.length === 0;
  }
  throwIfAny(): void {
    if (this.list.length > 0) throw new ValidationError(this.list);
  }
}
