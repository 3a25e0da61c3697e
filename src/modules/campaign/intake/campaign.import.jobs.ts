// What an import job looks like to its callers (API, CLI, tests): the job's view, its error, the request and
// options of an import and its outcome.
import { DomainError } from '../../../domain/errors.ts';
import type { FileFormat, FormCode } from '../../intake/index.ts';
import type { RunProgress } from './campaign.import.run.ts';
import type { ImportJobRow } from './campaign.jobs.repository.ts';

export interface JobError {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export interface ImportJobView {
  id: number;
  campaign: string;
  form: string;
  fileName: string;
  fileSha256: string;
  fileFormat: string;
  fileBytes: number;
  status: string;
  rowsTotal: number | null;
  rowsDone: number;
  ballotsAdded: number;
  ballotsSkipped: number;
  rowsWithErrors: number;
  /** rows_done / rows_total, 0..1 (1 once done). */
  progress: number;
  error: JobError | null;
  createdBy: string;
  unitScope: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface RuleCount {
  rule: string;
  principle: string;
  severity: string;
  count: number;
}

export interface ImportOutcome {
  job: ImportJobView;
  /** The file was imported before (same campaign, form and content): nothing was added this time. */
  alreadyImported: boolean;
  /** The run took over a job interrupted earlier. */
  resumed: boolean;
  /** Issues of the job by rule (for the summary). */
  byRule: RuleCount[];
}

export interface ImportRequest {
  campaign: string;
  form: FormCode;
  /** The file to read. */
  path: string;
  /** What the job shows as the file's name (the upload's name, or the path given to the CLI). */
  fileName: string;
  format?: FileFormat;
  /** Already known when the upload was hashed on the way in. */
  sha256?: string;
  bytes?: number;
}

export interface ImportProgress extends RunProgress {
  phase: 'hashing' | 'checking' | 'importing';
}

export interface ImportOptions {
  batchSize?: number;
  /** Reader threads (see campaign.import.run.ts). */
  readers?: number;
  maxFieldBytes?: number;
  onProgress?: (p: ImportProgress) => void;
}

export function parseJobError(text: string | null): JobError | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as JobError;
  } catch {
    return { code: 'INTERNAL', message: text, details: {} };
  }
}

export function jobView(j: ImportJobRow): ImportJobView {
  const total = j.rows_total;
  return {
    id: Number(j.id),
    campaign: j.campaign_code,
    form: j.form,
    fileName: j.file_name,
    fileSha256: j.file_sha256,
    fileFormat: j.file_format,
    fileBytes: Number(j.file_bytes),
    status: j.status,
    rowsTotal: total,
    rowsDone: j.rows_done,
    ballotsAdded: j.ballots_added,
    ballotsSkipped: j.ballots_skipped,
    rowsWithErrors: j.rows_with_errors,
    progress: j.status === 'done' ? 1 : total ? Math.min(1, j.rows_done / total) : 0,
    error: parseJobError(j.error),
    createdBy: j.created_by,
    unitScope: j.unit_scope,
    createdAt: j.created_at,
    updatedAt: j.updated_at,
    finishedAt: j.finished_at,
  };
}

export function errorOf(err: unknown): JobError {
  if (err instanceof DomainError) return { code: err.code, message: err.message, details: err.details };
  const e = err as { message?: string; code?: string; details?: Record<string, unknown> };
  if (e?.code === 'CAMPAIGN.BAD_FILE') return { code: e.code, message: e.message ?? '', details: e.details ?? {} };
  return { code: 'INTERNAL', message: e?.message ?? String(err), details: {} };
}

export function now(): string {
  return new Date().toISOString();
}
