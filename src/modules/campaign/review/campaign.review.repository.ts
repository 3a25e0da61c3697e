// All SQL of the review workflow: ballots as reviewers see them, their transitions, and the compare-and-swap
// that moves a ballot from one status to the next.
import { type Selectable, sql } from 'kysely';
import type { DbOrTrx } from '../../../db/database.ts';
import type { BallotTable, BallotTransitionTable, CampaignTable } from '../campaign.table.ts';
import type { BallotStatus } from './campaign.review.rules.ts';

export type BallotRow = Selectable<BallotTable>;
export type TransitionRow = Selectable<BallotTransitionTable>;
export type CampaignRow = Selectable<CampaignTable>;

export async function findCampaign(db: DbOrTrx, code: string): Promise<CampaignRow | undefined> {
  return db.selectFrom('campaign').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function listCampaigns(db: DbOrTrx): Promise<CampaignRow[]> {
  return db.selectFrom('campaign').selectAll().orderBy('started_on', 'desc').execute();
}

export async function findBallot(db: DbOrTrx, campaign: string, id: number): Promise<BallotRow | undefined> {
  return db
    .selectFrom('ballot')
    .selectAll()
    .where('id', '=', id)
    .where('campaign_code', '=', campaign)
    .executeTakeFirst();
}

export async function findBallotsByIds(db: DbOrTrx, ids: readonly number[]): Promise<BallotRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('ballot').selectAll().where('id', 'in', ids).orderBy('id').execute();
}

export async function listTransitions(db: DbOrTrx, ballotId: number): Promise<TransitionRow[]> {
  return db.selectFrom('ballot_transition').selectAll().where('ballot_id', '=', ballotId).orderBy('id').execute();
}

/** Who collected (or corrected) and who checked each ballot: the officers four eyes keep from approving it.
 *  One query for a whole chunk; the collector of record (ballot.created_by) is added by the caller. */
export async function collectorsAndCheckers(
  db: DbOrTrx,
  ballotIds: readonly number[],
): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>();
  if (ballotIds.length === 0) return out;
  const rows = await db
    .selectFrom('ballot_transition')
    .select(['ballot_id', 'actor'])
    .where('ballot_id', 'in', ballotIds)
    .where('to_status', 'in', ['collected', 'checked'])
    .execute();
  for (const r of rows) {
    const id = Number(r.ballot_id);
    const set = out.get(id) ?? new Set<string>();
    set.add(r.actor);
    out.set(id, set);
  }
  return out;
}

/** The actor's jurisdiction as SQL narrowing: a province code (2 digits) or a commune code. */
export interface Scope {
  province?: string;
  commune?: string;
}

export interface BallotFilter {
  campaign: string;
  statuses?: readonly BallotStatus[];
  /** A province (2 digits) or commune code. */
  unit?: string;
  jobId?: number;
  ids?: readonly number[];
  hasWarnings?: boolean;
  form?: string;
  scope: Scope;
  afterId?: number;
  /** Keyset in file order (with jobId): after this row number and id. */
  afterRow?: { row: number; id: number };
  limit: number;
}

export async function listBallots(db: DbOrTrx, f: BallotFilter): Promise<BallotRow[]> {
  let q = db.selectFrom('ballot').selectAll().where('campaign_code', '=', f.campaign);
  if (f.statuses?.length) q = q.where('status', 'in', f.statuses);
  if (f.unit) q = q.where(f.unit.length === 2 ? 'province_code' : 'unit_code', '=', f.unit);
  if (f.jobId !== undefined) q = q.where('job_id', '=', f.jobId);
  if (f.ids) q = q.where('id', 'in', f.ids.length ? f.ids : [-1]);
  if (f.hasWarnings !== undefined) q = q.where('warning_count', f.hasWarnings ? '>' : '=', 0);
  if (f.form) q = q.where('form', '=', f.form);
  if (f.scope.province) q = q.where('province_code', '=', f.scope.province);
  if (f.scope.commune) q = q.where('unit_code', '=', f.scope.commune);
  if (f.afterRow) {
    // Within one import job, the job's own index gives file order without sorting the whole job per chunk.
    const { row, id } = f.afterRow;
    return q
      .where(sql<boolean>`(row_no, id) > (${row}, ${id})`)
      .orderBy('row_no')
      .orderBy('id')
      .limit(f.limit)
      .execute();
  }
  if (f.afterId !== undefined) q = q.where('id', '>', f.afterId);
  return q.orderBy('id').limit(f.limit).execute();
}

/** Ballots of a filter counted by status and by whether they lie inside the scope (a bulk action's report). */
export async function countByStatus(
  db: DbOrTrx,
  f: Omit<BallotFilter, 'limit' | 'afterId' | 'statuses'>,
): Promise<{ status: string; inScope: boolean; n: number }[]> {
  const inScope = f.scope.province
    ? sql<number>`case when province_code = ${f.scope.province} then 1 else 0 end`
    : f.scope.commune
      ? sql<number>`case when unit_code = ${f.scope.commune} then 1 else 0 end`
      : sql<number>`1`;
  let q = db
    .selectFrom('ballot')
    .select((eb) => ['status', inScope.as('in_scope'), eb.fn.countAll<number>().as('n')])
    .where('campaign_code', '=', f.campaign);
  if (f.unit) q = q.where(f.unit.length === 2 ? 'province_code' : 'unit_code', '=', f.unit);
  if (f.jobId !== undefined) q = q.where('job_id', '=', f.jobId);
  if (f.ids) q = q.where('id', 'in', f.ids.length ? f.ids : [-1]);
  if (f.hasWarnings !== undefined) q = q.where('warning_count', f.hasWarnings ? '>' : '=', 0);
  if (f.form) q = q.where('form', '=', f.form);
  const rows = await q.groupBy(['status', sql`2`]).execute();
  return rows.map((r) => ({ status: r.status, inScope: Number(r.in_scope) === 1, n: Number(r.n) }));
}

export interface StatusChange {
  id: number;
  from: BallotStatus;
  fromVersion?: number;
  to: BallotStatus;
  reason: string | null;
  at: string;
  actor: string;
  personId?: number | null;
}

/**
 * Moves one ballot if it is still in `from` (and at `fromVersion` when given): the compare-and-swap that keeps
 * two reviewers from both acting on it. Returns false when another change got there first.
 */
export async function moveBallot(
  db: DbOrTrx,
  c: StatusChange,
  /** When given, the transition row is added here for insertTransitions (a chunk writes them together). */
  pending?: StatusChange[],
): Promise<boolean> {
  let q = db
    .updateTable('ballot')
    .set((eb) => ({
      status: c.to,
      status_reason: c.reason,
      version: eb('version', '+', 1),
      updated_at: c.at,
      ...(c.to === 'approved' ? { approved_at: c.at } : {}),
      ...(c.personId != null ? { person_id: c.personId } : {}),
    }))
    .where('id', '=', c.id)
    .where('status', '=', c.from);
  if (c.fromVersion !== undefined) q = q.where('version', '=', c.fromVersion);
  const r = await q.executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  if (pending) pending.push(c);
  else await insertTransitions(db, [c]);
  return true;
}

export async function insertTransitions(db: DbOrTrx, changes: readonly StatusChange[]): Promise<void> {
  for (let i = 0; i < changes.length; i += 500) {
    await db
      .insertInto('ballot_transition')
      .values(
        changes.slice(i, i + 500).map((c) => ({
          ballot_id: c.id,
          from_status: c.from,
          to_status: c.to,
          actor: c.actor,
          at: c.at,
          reason: c.reason,
        })),
      )
      .execute();
  }
}

/** Notes why an action could not be applied, without changing the ballot's status. */
export async function noteBallot(db: DbOrTrx, id: number, reason: string, at: string): Promise<void> {
  await db
    .updateTable('ballot')
    .set((eb) => ({ status_reason: reason, version: eb('version', '+', 1), updated_at: at }))
    .where('id', '=', id)
    .execute();
}

/** A returned ballot corrected by its collector: new values and issues, back to `collected`. */
export async function resubmitBallot(
  db: DbOrTrx,
  b: {
    id: number;
    fromVersion: number;
    data: string;
    issues: string;
    errorCount: number;
    warningCount: number;
    pin: string | null;
    fullName: string | null;
    nameFolded: string | null;
    dob: string | null;
    at: string;
    actor: string;
  },
): Promise<boolean> {
  const r = await db
    .updateTable('ballot')
    .set({
      status: 'collected',
      status_reason: null,
      data: b.data,
      issues: b.issues,
      error_count: b.errorCount,
      warning_count: b.warningCount,
      pin: b.pin,
      full_name: b.fullName,
      name_folded: b.nameFolded,
      dob: b.dob,
      version: b.fromVersion + 1,
      updated_at: b.at,
    })
    .where('id', '=', b.id)
    .where('status', '=', 'returned')
    .where('version', '=', b.fromVersion)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await db
    .insertInto('ballot_transition')
    .values({
      ballot_id: b.id,
      from_status: 'returned',
      to_status: 'collected',
      actor: b.actor,
      at: b.at,
      reason: 'corrected',
    })
    .execute();
  return true;
}

export async function findJob(
  db: DbOrTrx,
  campaign: string,
  id: number,
): Promise<{ id: number; campaign_code: string } | undefined> {
  return db
    .selectFrom('import_job')
    .select(['id', 'campaign_code'])
    .where('id', '=', id)
    .where('campaign_code', '=', campaign)
    .executeTakeFirst();
}
