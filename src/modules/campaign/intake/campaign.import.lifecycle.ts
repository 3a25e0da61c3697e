// The life of an import job: found or created for a file (the same file returns its job, a job whose process
// died is taken over), checked and imported to the end through the import's threads (campaign.import.run.ts),
// done or failed with its error; each step is recorded on the job and audited.
import type { RequestContext } from '../../../domain/context.ts';
import { DomainError } from '../../../domain/errors.ts';
import { BadFileError, type FileCheck, type FileFormat, type FormCode } from '../../intake/index.ts';
import { RUNNER, runnerAlive, runningHere, sha256OfFile } from './campaign.import.files.ts';
import {
  errorOf,
  type ImportOptions,
  type ImportProgress,
  type ImportRequest,
  now,
  parseJobError,
} from './campaign.import.jobs.ts';
import { runImport } from './campaign.import.run.ts';
import type { CampaignImportDeps } from './campaign.import.service.ts';
import type { IntakeAccess } from './campaign.intake.access.ts';
import {
  claimJob,
  findJob,
  findJobByFile,
  type ImportJobRow,
  insertJob,
  updateJob,
} from './campaign.jobs.repository.ts';

export class ImportJobLifecycle {
  constructor(
    private readonly deps: CampaignImportDeps,
    private readonly access: IntakeAccess,
  ) {}

  private get db() {
    return this.deps.db;
  }

  /**
   * Finds or creates the job of a file: the same file (campaign, form, content) returns its job; a job left
   * unfinished by a process that died is taken over; a job still running elsewhere is refused.
   */
  async openJob(
    ctx: RequestContext,
    req: ImportRequest,
    onProgress?: (p: ImportProgress) => void,
  ): Promise<{ job: ImportJobRow; fresh: boolean; resumed: boolean; finished: boolean }> {
    this.access.checkForm(req.form);
    // The import writes from a thread of its own, through a connection of its own: an in-memory SQLite database
    // would be a different, empty one there.
    if (/^sqlite:(:memory:)?$/.test(this.deps.dbUrl))
      throw new DomainError('BAD_REQUEST', 'imports need a database file or server, not an in-memory database', {
        rule: 'import.database',
      });
    await this.access.authorize(ctx, ['ballot.collect'], 'ballot.import');
    await this.access.requireCampaign(req.campaign);
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
    if (!(await this.access.within(ctx, job.unit_scope)))
      await this.access.denyOutside(ctx, 'ballot.import', { job: id, unitScope: job.unit_scope });
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
  async runJob(ctx: RequestContext, held: ImportJobRow, path: string, opts: ImportOptions): Promise<ImportJobRow> {
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
}
