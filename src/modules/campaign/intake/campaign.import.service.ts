// Intake of the collection campaign: one ballot at a time (API, web form) and bulk files as resumable, idempotent
// jobs (API upload, web, `popreg import`). A job first checks the whole file's structure (a bad file fails the job
// and writes nothing), then imports batch by batch (campaign.import.run.ts); the same file again returns the job it
// already has. Permissions and jurisdiction are checked here; every read and write of ballots is audited.
// The use cases live in capability files: single ballots (campaign.ballot.entry.ts), a job's life
// (campaign.import.lifecycle.ts), permissions (campaign.intake.access.ts).
import type { Writable } from 'node:stream';
import type { Db } from '../../../db/database.ts';
import type { AuditSink } from '../../../domain/audit.ts';
import type { RequestContext } from '../../../domain/context.ts';
import { DomainError, NotFoundError } from '../../../domain/errors.ts';
import { type FormCode, type IssueRow, writeIssueReport } from '../../intake/index.ts';
import type { ReferenceService } from '../../reference/reference.service.ts';
import type { BallotView } from '../campaign.ballot.view.ts';
import { BallotEntry } from './campaign.ballot.entry.ts';
import { RUNNER, runnerAlive, runningHere } from './campaign.import.files.ts';
import {
  type ImportJobView,
  type ImportOptions,
  type ImportOutcome,
  type ImportRequest,
  jobView,
  now,
  parseJobError,
  type RuleCount,
} from './campaign.import.jobs.ts';
import { ImportJobLifecycle } from './campaign.import.lifecycle.ts';
import { IntakeAccess } from './campaign.intake.access.ts';
import {
  claimJob,
  countIssuesByRule,
  findJob,
  type ImportJobRow,
  issuePage,
  listJobs,
  listJobsByStatus,
} from './campaign.jobs.repository.ts';

export type {
  ImportJobView,
  ImportOptions,
  ImportOutcome,
  ImportProgress,
  ImportRequest,
  JobError,
  RuleCount,
} from './campaign.import.jobs.ts';
export { jobView };

export interface CampaignImportDeps {
  db: Db;
  /** The same database's URL, for the import's writer thread. */
  dbUrl: string;
  reference: ReferenceService;
  audit: AuditSink;
  today: () => string;
}

export class CampaignImportService {
  /** Background jobs started by this process (HTTP uploads), so tests and shutdown can wait for them. */
  private readonly background = new Set<Promise<unknown>>();
  private readonly access: IntakeAccess;
  private readonly entry: BallotEntry;
  private readonly jobs: ImportJobLifecycle;

  constructor(private readonly deps: CampaignImportDeps) {
    this.access = new IntakeAccess(deps);
    this.entry = new BallotEntry(deps, this.access);
    this.jobs = new ImportJobLifecycle(deps, this.access);
  }

  get db(): Db {
    return this.deps.db;
  }

  /**
   * Validates and stores one ballot as `collected`. Errors refuse it (400, nothing stored); warnings are stored on
   * it. The same ballot sent again returns the stored one; a ballot_id already used for other content is refused.
   */
  submitBallot(
    ctx: RequestContext,
    campaign: string,
    form: string,
    values: Record<string, string>,
  ): Promise<{ ballot: BallotView; created: boolean }> {
    return this.entry.submitBallot(ctx, campaign, form, values);
  }

  /** One ballot with its data and issues; audited; only within the reader's jurisdiction. */
  getBallot(ctx: RequestContext, campaign: string, id: number): Promise<BallotView> {
    return this.entry.getBallot(ctx, campaign, id);
  }

  /**
   * Imports a file to the end (the CLI, tests): the outcome says whether it was already imported, resumed or new.
   * A refused file ends as a failed job with the file error; other failures are thrown after being recorded.
   */
  async importFile(ctx: RequestContext, req: ImportRequest, opts: ImportOptions = {}): Promise<ImportOutcome> {
    const opened = await this.jobs.openJob(ctx, req, opts.onProgress);
    let job = opened.job;
    if (!opened.finished) {
      job = await this.jobs.runJob(ctx, job, req.path, opts);
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
    await this.access.authorize(ctx, ['ballot.collect'], 'ballot.import');
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
    const opened = await this.jobs.openJob(ctx, req);
    if (opened.finished) return { job: jobView(opened.job), alreadyImported: true };
    const run = this.jobs
      .runJob(ctx, opened.job, req.path, {})
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
    await this.access.authorize(ctx, ['ballot.collect', 'ballot.check', 'campaign.read'], action);
    const job = await findJob(this.db, id);
    if (!job || job.campaign_code !== campaign)
      throw new NotFoundError('CAMPAIGN.JOB_NOT_FOUND', `no import job ${id} in campaign ${campaign}`, { id });
    if (!(await this.access.within(ctx, job.unit_scope))) await this.access.denyOutside(ctx, action, { job: id });
    return job;
  }

  async listJobs(
    ctx: RequestContext,
    campaign: string,
    q: { form?: string; status?: string; before?: number; limit?: number } = {},
  ): Promise<{ items: ImportJobView[]; nextBefore: number | null }> {
    await this.access.authorize(ctx, ['ballot.collect', 'ballot.check', 'campaign.read'], 'campaign.import_list');
    await this.access.requireCampaign(campaign);
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
    await this.access.authorize(ctx, ['ballot.collect', 'ballot.check'], 'ballot.import_report');
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
    this.access.checkForm(form);
    await this.access.authorize(ctx, ['ballot.collect'], 'ballot.import');
    await this.access.requireCampaign(campaign);
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
        const run = this.jobs
          .runJob(ctx, (await findJob(this.db, view.id))!, path, {})
          .then((done) => onSettled?.(jobView(done)))
          .catch(() => undefined);
        this.background.add(run);
        void run.finally(() => this.background.delete(run));
        resumed.push(view.id);
      }
    }
    return resumed;
  }

  /** The job as stored (for the CLI's report command, which finds the campaign from the job). */
  async findJob(id: number): Promise<ImportJobView | undefined> {
    const j = await findJob(this.db, id);
    return j ? jobView(j) : undefined;
  }
}
