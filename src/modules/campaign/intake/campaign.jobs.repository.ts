// All SQL of import jobs: create, claim (who runs it), move through checking → importing → done | failed, list,
// and read the issues of a job page by page for the report (so memory stays flat however long the report).
import type { Insertable, Selectable } from 'kysely';
import type { DbOrTrx } from '../../../db/database.ts';
import type { ImportIssueTable, ImportJobStatus, ImportJobTable } from '../campaign.table.ts';

export type ImportJobRow = Selectable<ImportJobTable>;
export type ImportIssueRow = Selectable<ImportIssueTable>;

export async function findJob(db: DbOrTrx, id: number): Promise<ImportJobRow | undefined> {
  return db.selectFrom('import_job').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findJobByFile(
  db: DbOrTrx,
  campaign: string,
  form: string,
  sha256: string,
): Promise<ImportJobRow | undefined> {
  return db
    .selectFrom('import_job')
    .selectAll()
    .where('campaign_code', '=', campaign)
    .where('form', '=', form)
    .where('file_sha256', '=', sha256)
    .executeTakeFirst();
}

/** Inserts a new job; undefined when the same file (campaign, form, sha256) got one meanwhile. */
export async function insertJob(
  db: DbOrTrx,
  row: Omit<Insertable<ImportJobTable>, 'id'>,
): Promise<ImportJobRow | undefined> {
  return db
    .insertInto('import_job')
    .values(row)
    .onConflict((oc) => oc.columns(['campaign_code', 'form', 'file_sha256']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Takes a job over from `expectedRunner` (null: nobody); false when another process got there first. */
export async function claimJob(
  db: DbOrTrx,
  id: number,
  expectedRunner: string | null,
  runner: string,
  at: string,
): Promise<boolean> {
  let u = db.updateTable('import_job').set({ runner, updated_at: at }).where('id', '=', id);
  u = expectedRunner === null ? u.where('runner', 'is', null) : u.where('runner', '=', expectedRunner);
  const r = await u.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface JobUpdate {
  status?: ImportJobStatus;
  rows_total?: number | null;
  file_format?: string;
  error?: string | null;
  runner?: string | null;
  finished_at?: string | null;
  updated_at: string;
}

/** Updates a job this runner holds; false when it no longer holds it. */
export async function updateJob(db: DbOrTrx, id: number, runner: string, change: JobUpdate): Promise<boolean> {
  const r = await db
    .updateTable('import_job')
    .set(change)
    .where('id', '=', id)
    .where('runner', '=', runner)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface JobListFilter {
  campaign: string;
  /** Jobs started by importers of these units (the actor's unit and the units under it); absent: all. */
  scopeUnits?: string[];
  form?: string;
  status?: string;
  beforeId?: number;
  limit: number;
}

export async function listJobs(db: DbOrTrx, f: JobListFilter): Promise<ImportJobRow[]> {
  let s = db.selectFrom('import_job').selectAll().where('campaign_code', '=', f.campaign);
  if (f.form) s = s.where('form', '=', f.form);
  if (f.status) s = s.where('status', '=', f.status as ImportJobStatus);
  if (f.beforeId !== undefined) s = s.where('id', '<', f.beforeId);
  if (f.scopeUnits) s = s.where('unit_scope', 'in', f.scopeUnits.length ? f.scopeUnits : ['']);
  return s.orderBy('id', 'desc').limit(f.limit).execute();
}

export async function listJobsByStatus(db: DbOrTrx, status: ImportJobStatus): Promise<ImportJobRow[]> {
  return db.selectFrom('import_job').selectAll().where('status', '=', status).orderBy('id').execute();
}

/** Issues of a job in row order, `limit` at a time after `afterId` (keyset paging). */
export async function issuePage(db: DbOrTrx, jobId: number, afterId: number, limit: number): Promise<ImportIssueRow[]> {
  return db
    .selectFrom('import_issue')
    .selectAll()
    .where('job_id', '=', jobId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function countIssuesByRule(
  db: DbOrTrx,
  jobId: number,
): Promise<{ rule: string; principle: string; severity: string; count: number }[]> {
  const rows = await db
    .selectFrom('import_issue')
    .select(['rule', 'principle', 'severity', (eb) => eb.fn.countAll<number>().as('count')])
    .where('job_id', '=', jobId)
    .groupBy(['rule', 'principle', 'severity'])
    .orderBy('rule')
    .execute();
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

export async function countJobIssues(db: DbOrTrx, jobId: number): Promise<number> {
  const r = await db
    .selectFrom('import_issue')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('job_id', '=', jobId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function countJobBallots(db: DbOrTrx, jobId: number): Promise<number> {
  const r = await db
    .selectFrom('ballot')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('job_id', '=', jobId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
