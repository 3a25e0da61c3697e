// All SQL of campaign progress: ballots per commune and status, refused rows per commune, expected residents
// (targets, else the registry's count of residents), the day each commune's approvals reached what was expected,
// and the persons whose record has not been confirmed for years (the re-verification list).
import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../../../db/database.ts';

export interface UnitStatusCount {
  unit: string | null;
  province: string | null;
  status: string;
  n: number;
}

export async function ballotsByUnitAndStatus(db: DbOrTrx, campaign: string): Promise<UnitStatusCount[]> {
  const rows = await db
    .selectFrom('ballot')
    .select((eb) => ['unit_code', 'province_code', 'status', eb.fn.countAll<number>().as('n')])
    .where('campaign_code', '=', campaign)
    .groupBy(['unit_code', 'province_code', 'status'])
    .execute();
  return rows.map((r) => ({ unit: r.unit_code, province: r.province_code, status: r.status, n: Number(r.n) }));
}

/** Import rows refused with at least one error (they never became ballots), per commune. */
export async function errorRowsByUnit(
  db: DbOrTrx,
  campaign: string,
): Promise<{ unit: string | null; province: string | null; n: number }[]> {
  const r = await sql<{ unit_code: string | null; province_code: string | null; n: number }>`
    SELECT unit_code, province_code, COUNT(*) AS n FROM (
      SELECT DISTINCT i.job_id, i.row_no, i.unit_code, i.province_code
      FROM import_issue i JOIN import_job j ON j.id = i.job_id
      WHERE j.campaign_code = ${campaign} AND i.severity = 'error' AND i.ballot_id IS NULL
    ) refused
    GROUP BY unit_code, province_code`.execute(db);
  return r.rows.map((x) => ({ unit: x.unit_code, province: x.province_code, n: Number(x.n) }));
}

export async function targetsOf(db: DbOrTrx, campaign: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('campaign_target')
    .select(['unit_code', 'expected'])
    .where('campaign_code', '=', campaign)
    .execute();
  return new Map(rows.map((r) => [r.unit_code, Number(r.expected)]));
}

/** Living residents per current commune, as the registry places them now. */
export async function residentsByUnit(db: DbOrTrx): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('person')
    .select((eb) => ['res_unit', eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'alive')
    .where('res_unit', 'is not', null)
    .groupBy('res_unit')
    .execute();
  return new Map(rows.map((r) => [r.res_unit!, Number(r.n)]));
}

/**
 * The day each commune's approvals reached its expected number: the approval date of its n-th approved ballot
 * (n = the target, else the registry's count of living residents). Communes that have not got there are absent.
 */
export async function completionDays(db: DbOrTrx, campaign: string): Promise<Map<string, string>> {
  const r = await sql<{ unit_code: string; day: string }>`
    WITH residents AS (
      SELECT res_unit AS unit_code, COUNT(*) AS n FROM person
      WHERE status = 'alive' AND res_unit IS NOT NULL GROUP BY res_unit
    ),
    expected AS (
      SELECT unit_code, expected AS n FROM campaign_target WHERE campaign_code = ${campaign}
      UNION ALL
      SELECT r.unit_code, r.n FROM residents r
      WHERE NOT EXISTS (
        SELECT 1 FROM campaign_target t WHERE t.campaign_code = ${campaign} AND t.unit_code = r.unit_code
      )
    ),
    ranked AS (
      SELECT unit_code, approved_at,
             ROW_NUMBER() OVER (PARTITION BY unit_code ORDER BY approved_at, id) AS rn
      FROM ballot
      WHERE campaign_code = ${campaign} AND status = 'approved' AND unit_code IS NOT NULL
    )
    SELECT ranked.unit_code, substr(ranked.approved_at, 1, 10) AS day
    FROM ranked JOIN expected ON expected.unit_code = ranked.unit_code AND ranked.rn = expected.n
    WHERE expected.n > 0`.execute(db);
  return new Map(r.rows.map((x) => [x.unit_code, x.day]));
}

/** Replaces the expected residents of the listed units (others keep theirs), all or nothing. */
export async function upsertTargets(
  db: DbOrTrx,
  campaign: string,
  rows: readonly { unit: string; expected: number }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500);
    await db
      .insertInto('campaign_target')
      .values(part.map((r) => ({ campaign_code: campaign, unit_code: r.unit, expected: r.expected })))
      .onConflict((oc) =>
        oc.columns(['campaign_code', 'unit_code']).doUpdateSet((eb) => ({ expected: eb.ref('excluded.expected') })),
      )
      .execute();
  }
}

// ---- alive: registered persons whose record has not been confirmed for years

export interface StaleRecordRow {
  id: number;
  pin: string;
  full_name: string;
  dob: string;
  res_unit: string | null;
  res_province: string | null;
  updated_at: string;
}

/** Living persons whose latest recorded change is older than `cutoff` (a day), in id order after `afterId`. */
export async function staleRecords(
  db: DbOrTrx,
  q: { cutoff: string; scope: { province?: string; commune?: string }; afterId: number; limit: number },
): Promise<StaleRecordRow[]> {
  let s = (db as Db)
    .selectFrom('person')
    .select(['id', 'pin', 'full_name', 'dob', 'res_unit', 'res_province', 'updated_at'])
    .where('status', '=', 'alive')
    .where('updated_at', '<', q.cutoff)
    .where('id', '>', q.afterId);
  if (q.scope.commune) s = s.where('res_unit', '=', q.scope.commune);
  else if (q.scope.province) s = s.where('res_province', '=', q.scope.province);
  return (await s.orderBy('id').limit(q.limit).execute()).map((r) => ({ ...r, id: Number(r.id) }));
}
