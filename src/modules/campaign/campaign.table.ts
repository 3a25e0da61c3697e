// Kysely table interfaces of the collection campaign (migration 20261128_005): campaigns, import jobs, ballots
// with their review state, their transitions, the per-row issues of each import and the expected residents per
// unit. Shared by the intake (import) and review sides of the module.
import type { Generated } from 'kysely';

export interface CampaignTable {
  code: string;
  name: string;
  started_on: string;
  created_at: string;
}

export type ImportJobStatus = 'checking' | 'importing' | 'done' | 'failed';

export interface ImportJobTable {
  id: Generated<number>;
  campaign_code: string;
  form: string;
  file_name: string;
  file_sha256: string;
  file_format: string;
  file_bytes: number;
  status: ImportJobStatus;
  rows_total: number | null;
  /** Resume cursor: rows up to here are committed (as ballots or issues). */
  rows_done: Generated<number>;
  ballots_added: Generated<number>;
  ballots_skipped: Generated<number>;
  rows_with_errors: Generated<number>;
  error: string | null;
  created_by: string;
  unit_scope: string | null;
  /** "host pid" of the process running the job; null when none is. */
  runner: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface BallotTable {
  id: Generated<number>;
  campaign_code: string;
  form: string;
  ballot_ref: string;
  /** 'form' (one ballot through the API / web form) or 'import'. */
  source: string;
  job_id: number | null;
  row_no: number | null;
  status: string;
  status_reason: string | null;
  unit_code: string | null;
  province_code: string | null;
  pin: string | null;
  full_name: string | null;
  name_folded: string | null;
  dob: string | null;
  error_count: Generated<number>;
  warning_count: Generated<number>;
  /** JSON array of {principle, severity, field, rule, message, messageVi, value}. */
  issues: string;
  duplicate_of: number | null;
  person_id: number | null;
  /** JSON object: form field key -> value as collected. */
  data: string;
  version: Generated<number>;
  created_by: string;
  created_at: string;
  updated_at: string;
  approved_at: string | null;
}

export interface BallotTransitionTable {
  id: Generated<number>;
  ballot_id: number;
  from_status: string | null;
  to_status: string;
  actor: string;
  at: string;
  reason: string | null;
}

export interface ImportIssueTable {
  id: Generated<number>;
  job_id: number;
  row_no: number;
  ballot_id: number | null;
  unit_code: string | null;
  province_code: string | null;
  principle: string;
  severity: string;
  field: string;
  rule: string;
  message_vi: string;
  message_en: string;
  value: string | null;
}

export interface CampaignTargetTable {
  campaign_code: string;
  unit_code: string;
  expected: number;
}

export interface CampaignTables {
  campaign: CampaignTable;
  import_job: ImportJobTable;
  ballot: BallotTable;
  ballot_transition: BallotTransitionTable;
  import_issue: ImportIssueTable;
  campaign_target: CampaignTargetTable;
}
