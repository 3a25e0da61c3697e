// Intake of the collection campaign: one ballot at a time (API, web form) and bulk files as resumable, idempotent
// jobs (API upload, web, `popreg import`). A job first checks the whole file's structure (a bad file fails the job
// and writes nothing), then imports batch by batch (campaign.import.run.ts); the same file again returns the job it
// already has. Permissions and jurisdiction are checked here; every read and write of ballots is audited.
import type { Writable } from 'node:stream';
import type { Db } from '../../../db/database.ts';
import type { AuditSink } from '../../../domain/audit.ts';
import type { RequestContext } from '../../../domain/context.ts';
import { addYears } from '../../../domain/dates.ts';
import { DomainError, NotFoundError, ValidationError } from '../../../domain/errors.ts';
import { can, type Permission } from '../../../domain/roles.ts';
import {
  BadFileError,
  type FileCheck,
  type FileFormat,
  type FormCode,
  formFields,
  type IssueRow,
  writeIssueReport,
} from '../../intake/index.ts';
import { CONFIRMATION_YEARS } from '../../quality/quality.rules.ts';
import type { ReferenceService } from '../../reference/reference.service.ts';
import { searchScope } from '../../registry/registry.access.ts';
import { ballotViewsFor } from '../campaign.ballot.redact.ts';
import { type BallotView, ballotView } from '../campaign.ballot.view.ts';
import {
  type BallotRow,
  campaignExists,
  findBallotById,
  findBallotByRef,
  insertBallot,
  lookupBatch,
  staleRecords,
} from './campaign.ballots.repository.ts';
import { RUNNER, runnerAlive, runningHere, sha256OfFile } from './campaign.import.files.ts';
import { type RunProgress, runImport } from './campaign.import.run.ts';
import {
  claimJob,
  countIssuesByRule,
  findJob,
  findJobByFile,
  type ImportJobRow,
  insertJob,
  issuePage,
  listJobs,
  listJobsByStatus,
  updateJob,
} from './campaign.jobs.repository.ts';
import { crossCheck, lookupKeys } from './campaign.validation.cross.ts';
import { validateBallot } from './campaign.validation.ts';

export interface CampaignImportDeps {
  db: Db;
  /** The same database's URL, for the import's writer thread. */
  dbUrl: string;
  reference: ReferenceService;
  audit: AuditSink;
  today: () => string;
}

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

export interface StaleRecordView {
  personId: number;
  pin: string;
  fullName: string;
  dateOfBirth: string;
  residenceUnit: string | null;
  residenceProvince: string | null;
  /** When the registry last recorded a change of this person. */
  lastRecordedAt: string;
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

const FORMS: readonly FormCode[] = ['DC01', 'DC02'];

function parseJobError(text: string | null): JobError | null {
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

function errorOf(err: unknown): JobError {
  if (err instanceof DomainError) return { code: err.code, message: err.message, details: err.details };
  const e = err as { message?: string; code?: string; details?: Record<string, unknown> };
  if (e?.code === 'CAMPAIGN.BAD_FILE') return { code: e.code, message: e.message ?? '', details: e.details ?? {} };
  return { code: 'INTERNAL', message: e?.message ?? String(err), details: {} };
}

function now(): string {
  return new Date().toISOString();
}

export class CampaignImportService {
  /** Background jobs started by this process (HTTP uploads), so tests and shutdown can wait for them. */
  private readonly background = new Set<Promise<unknown>>();

  constructor(private readonly deps: CampaignImportDeps) {}

  get db(): Db {
    return this.deps.db;
  }

  // ---- access

  private async authorize(ctx: RequestContext, perms: readonly Permission[], action: string): Promise<void> {
    if (perms.some((p) => can(ctx.actor.roles, p))) return;
    await this.deps.audit.record(ctx, {
      action,
      outcome: 'denied',
      details: { reason: `no ${perms.join(' or ')} permission` },
    });
    throw new DomainError('AUTH.FORBIDDEN', `your role does not allow ${action}`, { permission: perms[0] });
  }

  private async requireCampaign(code: string): Promise<void> {
    if (!(await campaignExists(this.db, code)))
      throw new NotFoundError('NOT_FOUND', `no campaign has code ${code}`, { campaign: code });
  }

  /** True when a unit (current commune code, or the importer's unit of a job) lies in the actor's jurisdiction. */
  private async within(ctx: RequestContext, unit: string | null): Promise<boolean> {
    const j = ctx.actor.jurisdiction;
    if (j === null) return true;
    if (unit === null) return false;
    if (unit === j) return true;
    const catalog = await this.deps.reference.catalog();
    return catalog.isWithin(unit, j);
  }

  private async denyOutside(ctx: RequestContext, action: string, details: Record<string, unknown>): Promise<never> {
    await this.deps.audit.record(ctx, {
      action,
      outcome: 'denied',
      details: { ...details, reason: 'outside jurisdiction' },
    });
    throw new DomainError('AUTH.FORBIDDEN', `outside your jurisdiction (${ctx.actor.jurisdiction})`, {
      ...details,
      jurisdiction: ctx.actor.jurisdiction,
    });
  }

  private checkForm(form: string): asserts form is FormCode {
    if (!FORMS.includes(form as FormCode))
      throw new ValidationError([{ field: 'form', rule: 'enum', message: 'must be DC01 or DC02', value: form }]);
  }

  // ---- one ballot (API, web form)

  /**
   * Validates and stores one ballot as `collected`. Errors refuse it (400, nothing stored); warnings are stored on
   * it. The same ballot sent again returns the stored one; a ballot_id already used for other content is refused.
   */
  async submitBallot(
    ctx: RequestContext,
    campaign: string,
    form: string,
    values: Record<string, string>,
  ): Promise<{ ballot: BallotView; created: boolean }> {
    this.checkForm(form);
    await this.authorize(ctx, ['ballot.collect'], 'ballot.create');
    await this.requireCampaign(campaign);
    const formKeys = new Set(formFields(form).map((x) => x.key));
    const unknown = Object.keys(values).filter((k) => !formKeys.has(k));
    if (unknown.length > 0) {
      throw new ValidationError(
        unknown.map((k) => ({
          field: k,
          rule: 'field.unknown',
          message: `not a ${form} field; expected one of: ${[...formKeys].join(', ')}`,
          value: k,
        })),
      );
    }
    const catalog = await this.deps.reference.catalog();
    const today = this.deps.today();
    const row = validateBallot(form, values, { catalog, today, jurisdiction: ctx.actor.jurisdiction });
    const outside = row.issues.find((i) => i.rule === 'unit.out_of_jurisdiction');
    if (outside) await this.denyOutside(ctx, 'ballot.create', { field: outside.field, unit: outside.value });
    const existing = await findBallotByRef(this.db, campaign, form, row.facts.ref);
    if (existing) {
      if (existing.data === JSON.stringify(row.data))
        return { ballot: await this.viewAudited(ctx, existing), created: false };
      throw new ValidationError([
        {
          field: 'ballot_id',
          rule: 'ballot.id_taken',
          message: `ballot ${row.data.ballot_id} is already stored with other content (ballot ${existing.id})`,
          value: row.data.ballot_id,
        },
      ]);
    }
    const keys = lookupKeys([row.facts]);
    const jurisdiction = ctx.actor.jurisdiction;
    const lookups = await lookupBatch(this.db, {
      campaign,
      form,
      ...keys,
      withState: form === 'DC02' || jurisdiction !== null,
    });
    const [cross] = crossCheck([row], lookups, { form, jobId: null, catalog, today, jurisdiction });
    const issues = [...row.issues, ...cross!.issues];
    const errors = issues.filter((i) => i.severity === 'error');
    if (errors.length > 0) {
      throw new ValidationError(
        errors.map((i) => ({ field: i.field, rule: i.rule, message: i.message, value: i.value ?? undefined })),
      );
    }
    const at = now();
    const f = row.facts;
    const dup = cross!.duplicateOf;
    const id = await this.db.transaction().execute(async (trx) => {
      const newId = await insertBallot(trx, {
        campaign_code: campaign,
        form,
        ballot_ref: f.ref,
        source: 'form',
        job_id: null,
        row_no: null,
        status: 'collected',
        status_reason: null,
        unit_code: f.unitCode,
        province_code: f.provinceCode,
        pin: f.pin,
        full_name: f.fullName,
        name_folded: f.nameFolded,
        dob: f.dob,
        error_count: 0,
        warning_count: issues.length,
        issues: JSON.stringify(issues),
        duplicate_of: dup && 'id' in dup ? dup.id : null,
        person_id: cross!.personId,
        data: JSON.stringify(row.data),
        version: 1,
        created_by: ctx.actor.id,
        created_at: at,
        updated_at: at,
        approved_at: null,
      });
      if (newId === undefined) return undefined;
      await this.deps.audit.recordIn(trx, ctx, {
        action: 'ballot.create',
        outcome: 'ok',
        pin: f.pin,
        fields: Object.keys(row.data),
        details: { campaign, form, ballot: newId, ref: f.ref, warnings: issues.map((i) => i.rule) },
      });
      return newId;
    });
    // Lost a race with the same ballot sent twice at once: answer with the stored one.
    const stored =
      id === undefined
        ? await findBallotByRef(this.db, campaign, form, f.ref)
        : await findBallotById(this.db, campaign, id);
    return { ballot: ballotView(stored!), created: id !== undefined };
  }

  private async viewAudited(ctx: RequestContext, b: BallotRow): Promise<BallotView> {
    await this.deps.audit.record(ctx, {
      action: 'ballot.read',
      outcome: 'ok',
      pin: b.pin,
      details: { campaign: b.campaign_code, ballot: Number(b.id) },
    });
    const [view] = await ballotViewsFor(this.db, ctx.actor, await this.deps.reference.catalog(), [b]);
    return view!;
  }

  /** One ballot with its data and issues; audited; only within the reader's jurisdiction. */
  async getBallot(ctx: RequestContext, campaign: string, id: number): Promise<BallotView> {
    await this.authorize(ctx, ['ballot.collect', 'ballot.check', 'ballot.verify', 'ballot.approve'], 'ballot.read');
    const b = await findBallotById(this.db, campaign, id);
    if (!b) throw new NotFoundError('CAMPAIGN.BALLOT_NOT_FOUND', `no ballot ${id} in campaign ${campaign}`, { id });
    if (!(await this.within(ctx, b.unit_code))) await this.denyOutside(ctx, 'ballot.read', { ballot: id });
    return this.viewAudited(ctx, b);
  }

  // ---- bulk files

  /**
   * Finds or creates the job of a file: the same file (campaign, form, content) returns its job; a job left
   * unfinished by a process that died is taken over; a job still running elsewhere is refused.
   */
  private async openJob(
    ctx: RequestContext,
    req: ImportRequest,
    onProgress?: (p: ImportProgress) => void,
  ): Promise<{ job: ImportJobRow; fresh: boolean; resumed: boolean; finished: boolean }> {
    this.checkForm(req.form);
    // The import writes from a thread of its own, through a connection of its own: an in-memory SQLite database
    // would be a different, empty one there.
    if (/^sqlite:(:memory:)?$/.test(this.deps.dbUrl))
      throw new DomainError('BAD_REQUEST', 'imports need a database file or server, not an in-memory database', {
        rule: 'import.database',
      });
    await this.authorize(ctx, ['ballot.collect'], 'ballot.import');
    await this.requireCampaign(req.campaign);
    let sha256 = req.sha256;
    let bytes = req.bytes;
    if (!sha256 || bytes === undefined) {
      onProgress?.({ phase: 'hashing', rowsDone: 0, rowsTotal: null, added: 0, skipped: 0, rowsWithErrors: 0 });
      ({ sha256, bytes } = await sha256OfFile(req.path));
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      const existing = await findJobByFile(this.db, req.campaign, req.form, sha256);
      if (existing) return { ...(await this.takeOver(ctx, existing)), fresh: false };
      const at = now();
      const created = await insertJob(this.db, {
        campaign_code: req.campaign,
        form: req.form,
        file_name: req.fileName,
        file_sha256: sha256,
        file_format: req.format ?? 'unknown',
        file_bytes: bytes,
        status: 'checking',
        rows_total: null,
        error: null,
        created_by: ctx.actor.id,
        unit_scope: ctx.actor.jurisdiction,
        runner: RUNNER,
        created_at: at,
        updated_at: at,
        finished_at: null,
      });
      if (created) {
        runningHere.add(Number(created.id));
        await this.deps.audit.record(ctx, {
          action: 'ballot.import',
          outcome: 'ok',
          details: { job: Number(created.id), campaign: req.campaign, form: req.form, file: req.fileName, sha256 },
        });
        return { job: created, fresh: true, resumed: false, finished: false };
      }
    }
    throw new DomainError('CAMPAIGN.JOB_RUNNING', 'the same file is being registered by another request; retry');
  }

  private async takeOver(
    ctx: RequestContext,
    job: ImportJobRow,
  ): Promise<{ job: ImportJobRow; resumed: boolean; finished: boolean }> {
    const id = Number(job.id);
    if (!(await this.within(ctx, job.unit_scope)))
      await this.denyOutside(ctx, 'ballot.import', { job: id, unitScope: job.unit_scope });
    const error = parseJobError(job.error);
    if (job.status === 'done' || (job.status === 'failed' && error?.code === 'CAMPAIGN.BAD_FILE'))
      return { job, resumed: false, finished: true };
    if (runnerAlive(job.runner, job.updated_at, id))
      throw new DomainError('CAMPAIGN.JOB_RUNNING', `import job ${id} is running (${job.runner})`, { job: id });
    if (!(await claimJob(this.db, id, job.runner, RUNNER, now())))
      throw new DomainError('CAMPAIGN.JOB_RUNNING', `import job ${id} was just taken over by another process`, {
        job: id,
      });
    runningHere.add(id);
    const claimed = (await findJob(this.db, id))!;
    return { job: claimed, resumed: true, finished: false };
  }

  /** Checks (when not done yet) and imports a job this process holds, to the end; the final job. */
  private async runJob(
    ctx: RequestContext,
    held: ImportJobRow,
    path: string,
    opts: ImportOptions,
  ): Promise<ImportJobRow> {
    const id = Number(held.id);
    let job = held;
    try {
      const mustCheck = job.status === 'checking' || job.rows_total === null;
      if (mustCheck)
        opts.onProgress?.({ phase: 'checking', rowsDone: 0, rowsTotal: null, added: 0, skipped: 0, rowsWithErrors: 0 });
      else if (job.status !== 'importing') {
        await updateJob(this.db, id, RUNNER, { status: 'importing', error: null, updated_at: now() });
        job = (await findJob(this.db, id))!;
      }
      // The file's structure is checked first in the reader thread; once sound, the job records it and the rows go.
      const onChecked = async (check: FileCheck) => {
        if (check.sha256 !== job.file_sha256)
          throw new DomainError('CAMPAIGN.BAD_FILE', 'the file changed while it was being imported; import it again', {
            rule: 'file.changed',
          });
        await updateJob(this.db, id, RUNNER, {
          status: 'importing',
          rows_total: check.rows,
          file_format: check.format,
          error: null,
          updated_at: now(),
        });
        opts.onProgress?.({
          phase: 'importing',
          rowsDone: 0,
          rowsTotal: check.rows,
          added: 0,
          skipped: 0,
          rowsWithErrors: 0,
        });
      };
      try {
        await runImport(
          { dbUrl: this.deps.dbUrl, reference: await this.deps.reference.snapshot(), today: this.deps.today() },
          {
            id,
            campaign: job.campaign_code,
            form: job.form as FormCode,
            format: job.file_format === 'unknown' ? null : (job.file_format as FileFormat),
            path,
            rowsDone: job.rows_done,
            rowsTotal: job.rows_total,
            createdBy: job.created_by,
            jurisdiction: job.unit_scope,
            runner: RUNNER,
          },
          {
            ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
            ...(opts.readers ? { readers: opts.readers } : {}),
            ...(mustCheck
              ? { check: { ...(opts.maxFieldBytes ? { maxFieldBytes: opts.maxFieldBytes } : {}), onChecked } }
              : {}),
            onProgress: (p) => opts.onProgress?.({ ...p, phase: 'importing' }),
          },
        );
      } catch (err) {
        // A refused file: nothing was written (rows are read only after the check), the job fails with the error.
        if (err instanceof BadFileError || (err as DomainError).code === 'CAMPAIGN.BAD_FILE')
          return await this.fail(ctx, job, err);
        throw err;
      }
      const at = now();
      await updateJob(this.db, id, RUNNER, { status: 'done', runner: null, finished_at: at, updated_at: at });
      const done = (await findJob(this.db, id))!;
      await this.deps.audit.record(ctx, {
        action: 'ballot.import',
        outcome: 'ok',
        details: {
          job: id,
          status: 'done',
          added: done.ballots_added,
          skipped: done.ballots_skipped,
          rowsWithErrors: done.rows_with_errors,
        },
      });
      return done;
    } catch (err) {
      return await this.fail(ctx, job, err);
    } finally {
      runningHere.delete(id);
    }
  }

  private async fail(ctx: RequestContext, job: ImportJobRow, err: unknown): Promise<ImportJobRow> {
    const id = Number(job.id);
    const error = errorOf(err);
    const at = now();
    await updateJob(this.db, id, RUNNER, {
      status: 'failed',
      error: JSON.stringify(error),
      runner: null,
      finished_at: at,
      updated_at: at,
    });
    await this.deps.audit.record(ctx, {
      action: 'ballot.import',
      outcome: 'failed',
      details: { job: id, code: error.code, message: error.message },
    });
    return (await findJob(this.db, id)) ?? job;
  }

  /**
   * Imports a file to the end (the CLI, tests): the outcome says whether it was already imported, resumed or new.
   * A refused file ends as a failed job with the file error; other failures are thrown after being recorded.
   */
  async importFile(ctx: RequestContext, req: ImportRequest, opts: ImportOptions = {}): Promise<ImportOutcome> {
    const opened = await this.openJob(ctx, req, opts.onProgress);
    let job = opened.job;
    if (!opened.finished) {
      job = await this.runJob(ctx, job, req.path, opts);
      const error = parseJobError(job.error);
      if (job.status === 'failed' && error?.code !== 'CAMPAIGN.BAD_FILE')
        throw new DomainError((error?.code ?? 'INTERNAL') as DomainError['code'], error?.message ?? 'import failed', {
          job: Number(job.id),
          ...(error?.details ?? {}),
        });
    }
    return {
      job: jobView(job),
      alreadyImported: !opened.fresh && !opened.resumed,
      resumed: opened.resumed,
      byRule: await countIssuesByRule(this.db, Number(job.id)),
    };
  }

  /** Resumes a job by id (`popreg import --resume JOB`); `path` defaults to the file name the job recorded. */
  async resumeJob(ctx: RequestContext, jobId: number, path: string | undefined, opts: ImportOptions = {}) {
    await this.authorize(ctx, ['ballot.collect'], 'ballot.import');
    const job = await findJob(this.db, jobId);
    if (!job) throw new NotFoundError('CAMPAIGN.JOB_NOT_FOUND', `no import job ${jobId}`, { job: jobId });
    return this.importFile(
      ctx,
      { campaign: job.campaign_code, form: job.form as FormCode, path: path ?? job.file_name, fileName: job.file_name },
      opts,
    );
  }

  /**
   * Registers an uploaded file and imports it in the background (HTTP): returns the job at once (202); its status,
   * counts and progress are read with getJob. `onSettled` runs when the run ends (removes the upload).
   */
  async startImport(
    ctx: RequestContext,
    req: ImportRequest,
    onSettled?: (job: ImportJobView) => void,
  ): Promise<{ job: ImportJobView; alreadyImported: boolean }> {
    const opened = await this.openJob(ctx, req);
    if (opened.finished) return { job: jobView(opened.job), alreadyImported: true };
    const run = this.runJob(ctx, opened.job, req.path, {})
      .then((j) => onSettled?.(jobView(j)))
      .catch(() => undefined);
    this.background.add(run);
    void run.finally(() => this.background.delete(run));
    return { job: jobView(opened.job), alreadyImported: false };
  }

  /** Waits for the background imports of this process (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.all([...this.background]);
  }

  async getJob(ctx: RequestContext, campaign: string, id: number): Promise<ImportJobView & { byRule: RuleCount[] }> {
    const job = await this.readableJob(ctx, campaign, id, 'campaign.import_read');
    return { ...jobView(job), byRule: await countIssuesByRule(this.db, id) };
  }

  private async readableJob(ctx: RequestContext, campaign: string, id: number, action: string): Promise<ImportJobRow> {
    await this.authorize(ctx, ['ballot.collect', 'ballot.check', 'campaign.read'], action);
    const job = await findJob(this.db, id);
    if (!job || job.campaign_code !== campaign)
      throw new NotFoundError('CAMPAIGN.JOB_NOT_FOUND', `no import job ${id} in campaign ${campaign}`, { id });
    if (!(await this.within(ctx, job.unit_scope))) await this.denyOutside(ctx, action, { job: id });
    return job;
  }

  async listJobs(
    ctx: RequestContext,
    campaign: string,
    q: { form?: string; status?: string; before?: number; limit?: number } = {},
  ): Promise<{ items: ImportJobView[]; nextBefore: number | null }> {
    await this.authorize(ctx, ['ballot.collect', 'ballot.check', 'campaign.read'], 'campaign.import_list');
    await this.requireCampaign(campaign);
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
    const j = ctx.actor.jurisdiction;
    let scopeUnits: string[] | undefined;
    if (j !== null) {
      const catalog = await this.deps.reference.catalog();
      scopeUnits = [j, ...(j.length === 2 ? catalog.communesOf(j).map((u) => u.code) : [])];
    }
    const rows = await listJobs(this.db, {
      campaign,
      limit: limit + 1,
      ...(scopeUnits ? { scopeUnits } : {}),
      ...(q.form ? { form: q.form } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.before !== undefined ? { beforeId: q.before } : {}),
    });
    const page = rows.slice(0, limit);
    return {
      items: page.map(jobView),
      nextBefore: rows.length > limit ? Number(page[page.length - 1]!.id) : null,
    };
  }

  /** The job's issues in row order, read a page at a time. */
  async *issues(jobId: number): AsyncGenerator<IssueRow> {
    let after = 0;
    for (;;) {
      const page = await issuePage(this.db, jobId, after, 5000);
      for (const r of page) {
        yield {
          rowNo: r.row_no,
          field: r.field,
          rule: r.rule,
          principle: r.principle,
          severity: r.severity as IssueRow['severity'],
          messageVi: r.message_vi,
          messageEn: r.message_en,
          value: r.value,
        };
      }
      if (page.length < 5000) return;
      after = Number(page[page.length - 1]!.id);
    }
  }

  /**
   * Opens the per-row report of a job (rows with errors and the warnings of stored ballots): access is checked and
   * the read audited now (it holds personal data), the rows are streamed by `write` (CSV or XLSX).
   */
  async openReport(
    ctx: RequestContext,
    campaign: string,
    id: number,
    format: 'csv' | 'xlsx',
  ): Promise<{ fileName: string; write: (out: string | Writable) => Promise<number> }> {
    const job = await this.readableJob(ctx, campaign, id, 'ballot.import_report');
    await this.authorize(ctx, ['ballot.collect', 'ballot.check'], 'ballot.import_report');
    await this.deps.audit.record(ctx, { action: 'ballot.import_report', outcome: 'ok', details: { job: id, format } });
    return {
      fileName: `import-${id}-${job.form}-report.${format}`,
      write: (out) => writeIssueReport(this.issues(id), out, format, job.form as FormCode),
    };
  }

  async writeReport(
    ctx: RequestContext,
    campaign: string,
    id: number,
    format: 'csv' | 'xlsx',
    out: string | Writable,
  ): Promise<number> {
    return (await this.openReport(ctx, campaign, id, format)).write(out);
  }

  /** Refuses an upload before it is read: the role must allow imports and the campaign exist. */
  async assertCanImport(ctx: RequestContext, campaign: string, form: string): Promise<void> {
    this.checkForm(form);
    await this.authorize(ctx, ['ballot.collect'], 'ballot.import');
    await this.requireCampaign(campaign);
  }

  /**
   * Takes over the jobs of uploaded files whose process died (a server restart after a crash) and runs them in the
   * background; jobs of files given to the CLI are resumed by running `popreg import` again.
   */
  async resumeInterrupted(
    findFile: (job: ImportJobView) => string | undefined,
    onSettled?: (job: ImportJobView) => void,
  ): Promise<number[]> {
    const resumed: number[] = [];
    for (const status of ['checking', 'importing'] as const) {
      for (const j of await listJobsByStatus(this.db, status)) {
        const view = jobView(j);
        const path = findFile(view);
        if (!path || runnerAlive(j.runner, j.updated_at, view.id)) continue;
        if (!(await claimJob(this.db, view.id, j.runner, RUNNER, now()))) continue;
        runningHere.add(view.id);
        const ctx: RequestContext = {
          actor: { id: j.created_by, kind: 'user', roles: [], jurisdiction: j.unit_scope },
          client: 'resume',
        };
        const run = this.runJob(ctx, (await findJob(this.db, view.id))!, path, {})
          .then((done) => onSettled?.(jobView(done)))
          .catch(() => undefined);
        this.background.add(run);
        void run.finally(() => this.background.delete(run));
        resumed.push(view.id);
      }
    }
    return resumed;
  }

  /**
   * Alive: living persons of the reader's jurisdiction whose record has not been confirmed (no change recorded)
   * for `years` years (default five), for re-verification door to door; audited (it lists personal data).
   */
  async reverificationList(
    ctx: RequestContext,
    campaign: string,
    q: { years?: number; after?: number; limit?: number } = {},
  ): Promise<{ cutoff: string; rule: string; items: StaleRecordView[]; nextAfter: number | null }> {
    await this.authorize(ctx, ['ballot.collect', 'ballot.check'], 'campaign.reverification');
    await this.requireCampaign(campaign);
    const years = q.years ?? CONFIRMATION_YEARS;
    const cutoff = addYears(this.deps.today(), -years);
    const limit = Math.min(Math.max(q.limit ?? 100, 1), 1000);
    const rows = await staleRecords(this.db, {
      cutoff,
      scope: searchScope(ctx.actor),
      afterId: q.after ?? 0,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    await this.deps.audit.record(ctx, {
      action: 'campaign.reverification',
      outcome: 'ok',
      details: { campaign, years, results: page.length },
    });
    return {
      cutoff,
      rule: 'alive.not_confirmed',
      items: page.map((r) => ({
        personId: r.id,
        pin: r.pin,
        fullName: r.full_name,
        dateOfBirth: r.dob,
        residenceUnit: r.res_unit,
        residenceProvince: r.res_province,
        lastRecordedAt: r.updated_at,
      })),
      nextAfter: rows.length > limit ? page[page.length - 1]!.id : null,
    };
  }

  /** The job as stored (for the CLI's report command, which finds the campaign from the job). */
  async findJob(id: number): Promise<ImportJobView | undefined> {
    const j = await findJob(this.db, id);
    return j ? jobView(j) : undefined;
  }
}
