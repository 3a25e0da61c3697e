// What the review workflow takes and answers (ballot detail, list query, bulk body and report) and what it needs
// from its callers (the intake rules to re-check a corrected ballot, the database, audit and reference).
import type { Db } from '../../../db/database.ts';
import type { RequestContext } from '../../../domain/context.ts';
import type { Violation } from '../../../domain/errors.ts';
import type { AuditService } from '../../audit/audit.service.ts';
import type { ReferenceService } from '../../reference/reference.service.ts';
import type { BallotView } from '../campaign.ballot.view.ts';
import type { ComparisonRow, MatchCandidate } from './campaign.review.describe.ts';
import type { ReviewAction } from './campaign.review.rules.ts';

export interface BallotIssue {
  principle?: string;
  severity?: string;
  field: string;
  rule: string;
  message?: string;
  value?: unknown;
}

export interface TransitionView {
  from: string | null;
  to: string;
  actor: string;
  at: string;
  reason: string | null;
}

export interface BallotDetail {
  ballot: BallotView;
  transitions: TransitionView[];
  /** The registry person the ballot declares, when there is one. */
  person: { pin: string; version: number } | null;
  /** DC02: kind and effective date of the change; DC01: 'new', 're_collection', 'possible_match' or
   *  'outside_jurisdiction' (nothing about the person is shown). */
  change: { kind: string; effectiveDate: string | null } | null;
  comparison: ComparisonRow[];
  /** possible_match: the registry persons the reviewer confirms one of, or rejects (a new person). */
  candidates: MatchCandidate[];
  /** Name, birth date, sex or PIN the re-collection would change: approval needs confirmIdentityChange. */
  identityChanges: string[];
  /** What the reader may do with this ballot now. */
  actions: ReviewAction[];
}

export interface ListQuery {
  status?: string;
  unit?: string;
  job?: number;
  form?: string;
  hasWarnings?: boolean;
  cursor?: string;
  limit?: number;
}

export interface BulkBody {
  action: string;
  filter: { jobId?: number; unitCode?: string; ids?: number[] };
  reason?: string;
}

export interface BulkFailure {
  id: number;
  reason: string;
  message: string;
}

export interface BulkReport {
  action: ReviewAction;
  /** Ballots in the filter, inside and outside the jurisdiction. */
  matched: number;
  /** Of those, the ballots inside the jurisdiction in a status the action applies to. */
  eligible: number;
  done: number;
  skipped: Record<string, number>;
  /** The first ballots that could not be applied, with why (at most 200). */
  failures: BulkFailure[];
  ms: number;
}

/** Re-checks a corrected ballot by the intake rules; the import side supplies it (see services.ts). */
export interface BallotRevalidation {
  /** Rows that would keep the ballot out of the workflow (nothing is written). */
  errors: Violation[];
  /** Warnings stored on the ballot for the reviewer. */
  issues: BallotIssue[];
  pin: string | null;
  fullName: string | null;
  nameFolded: string | null;
  dob: string | null;
}
export type BallotRevalidator = (
  form: string,
  values: Record<string, string>,
  ctx: RequestContext,
) => Promise<BallotRevalidation>;

export interface CampaignReviewDeps {
  db: Db;
  audit: AuditService;
  reference: ReferenceService;
  today: () => string;
  /** The registry's PIN serial source (replaced in tests). */
  serial?: () => number;
  revalidate: BallotRevalidator;
  /** Ballots per transaction in bulk actions. */
  chunkSize?: number;
  /** Bulk approvals audited with one entry per chunk instead of one per ballot (the alternative measured in
   *  bench/approve.bench.ts). */
  auditApprovalsPerChunk?: boolean;
}

export interface BulkProgress {
  done: number;
  skipped: number;
  total: number;
}
