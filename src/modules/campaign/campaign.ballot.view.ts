// The one mapping from a stored ballot row to what the API and the CLI show, shared by intake and review.

import type { Issue } from './campaign.rules.ts';
import type { BallotRow } from './intake/campaign.ballots.repository.ts';
import type { BallotStatus } from './review/campaign.review.rules.ts';

/** A ballot as the API shows it, to intake and review alike. */
export interface BallotView {
  id: number;
  campaign: string;
  form: string;
  ballotRef: string;
  source: string;
  jobId: number | null;
  rowNo: number | null;
  status: BallotStatus;
  statusReason: string | null;
  unitCode: string | null;
  provinceCode: string | null;
  pin: string | null;
  fullName: string | null;
  dateOfBirth: string | null;
  errorCount: number;
  warningCount: number;
  issues: Issue[];
  duplicateOf: number | null;
  personId: number | null;
  /** The ballot's fields as collected (form keys). */
  values: Record<string, string>;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  approvedAt: string | null;
}

export function ballotView(b: BallotRow): BallotView {
  return {
    id: Number(b.id),
    campaign: b.campaign_code,
    form: b.form,
    ballotRef: b.ballot_ref,
    source: b.source,
    jobId: b.job_id === null ? null : Number(b.job_id),
    rowNo: b.row_no,
    status: b.status as BallotStatus,
    statusReason: b.status_reason,
    unitCode: b.unit_code,
    provinceCode: b.province_code,
    pin: b.pin,
    fullName: b.full_name,
    dateOfBirth: b.dob,
    errorCount: b.error_count,
    warningCount: b.warning_count,
    issues: JSON.parse(b.issues) as Issue[],
    duplicateOf: b.duplicate_of === null ? null : Number(b.duplicate_of),
    personId: b.person_id === null ? null : Number(b.person_id),
    values: JSON.parse(b.data) as Record<string, string>,
    version: b.version,
    createdBy: b.created_by,
    createdAt: b.created_at,
    updatedAt: b.updated_at,
    approvedAt: b.approved_at,
  };
}
