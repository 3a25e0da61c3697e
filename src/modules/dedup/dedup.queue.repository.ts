// SQL of the review queue: pairs listed within a jurisdiction (both persons in it, or referred elsewhere), with
// the persons' columns beside them, and the counts of decisions and statuses per scope.
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PairRow } from './dedup.repository.ts';
import type { PairStatus } from './dedup.table.ts';

export type PairScope = { province?: string; commune?: string };

export interface PairFilter {
  status?: PairStatus;
  /** Probability range [min, max). */
  min?: number;
  max?: number;
  scope: PairScope;
  /** A unit chosen by the reader (province or commune), within the scope. */
  unit?: PairScope;
  after?: { p: number; id: number };
  limit: number;
}

export interface PairListRow extends PairRow {
  pin_l: string;
  name_l: string;
  dob_l: string;
  sex_l: string;
  pin_r: string;
  name_r: string;
  dob_r: string;
  sex_r: string;
  data_l: string;
  data_r: string;
}

/** The condition "either person of the pair is in the scope" (true when the scope is the whole country). */
function eitherInScope(s: PairScope): RawBuilder<boolean> {
  if (s.commune) return sql<boolean>`(d.unit_l = ${s.commune} OR d.unit_r = ${s.commune})`;
  if (s.province) return sql<boolean>`(d.province_l = ${s.province} OR d.province_r = ${s.province})`;
  return sql<boolean>`1 = 1`;
}

/**
 * The condition "both persons of the pair are in the scope": a pair belongs to the smallest unit that holds both
 * persons, so a commune or province sees it only when it holds both (true when the scope is the whole country).
 */
function bothInScope(s: PairScope): RawBuilder<boolean> {
  if (s.commune) return sql<boolean>`(d.unit_l = ${s.commune} AND d.unit_r = ${s.commune})`;
  if (s.province) return sql<boolean>`(d.province_l = ${s.province} AND d.province_r = ${s.province})`;
  return sql<boolean>`1 = 1`;
}

/** Exactly one person of the pair in the scope (never for the whole country): the pair is referred higher up. */
function oneInScope(s: PairScope): RawBuilder<boolean> {
  const one = (l: string, r: string, v: string) =>
    sql<boolean>`((${sql.ref(l)} = ${v}) <> (${sql.ref(r)} = ${v}) OR (${sql.ref(l)} = ${v} AND ${sql.ref(r)} IS NULL) OR (${sql.ref(r)} = ${v} AND ${sql.ref(l)} IS NULL))`;
  if (s.commune) return one('d.unit_l', 'd.unit_r', s.commune);
  if (s.province) return one('d.province_l', 'd.province_r', s.province);
  return sql<boolean>`1 = 0`;
}

const PERSON_COLUMNS = (a: 'a' | 'b', side: 'l' | 'r') =>
  [
    `${a}.pin as pin_${side}`,
    `${a}.full_name as name_${side}`,
    `${a}.dob as dob_${side}`,
    `${a}.sex as sex_${side}`,
    `${a}.data as data_${side}`,
  ] as const;

/**
 * Pairs most probable first, with both persons' names and states, where both persons are in the scope (and either
 * in the unit), by cursor. The caller checks each row against the access policy (the stored units are those the
 * pair was scored with).
 */
export async function listPairs(db: Db, f: PairFilter): Promise<PairListRow[]> {
  let qb = db
    .selectFrom('dedup_pair as d')
    .innerJoin('person as a', 'a.id', 'd.person_l')
    .innerJoin('person as b', 'b.id', 'd.person_r')
    .selectAll('d')
    .select([...PERSON_COLUMNS('a', 'l'), ...PERSON_COLUMNS('b', 'r')]);
  if (f.status) qb = qb.where('d.status', '=', f.status);
  if (f.min !== undefined) qb = qb.where('d.probability', '>=', f.min);
  if (f.max !== undefined) qb = qb.where('d.probability', '<', f.max);
  qb = qb.where(bothInScope(f.scope));
  if (f.unit) qb = qb.where(eitherInScope(f.unit));
  if (f.after) {
    const a = f.after;
    qb = qb.where((eb) =>
      eb.or([eb('d.probability', '<', a.p), eb.and([eb('d.probability', '=', a.p), eb('d.id', '>', a.id)])]),
    );
  }
  return (await qb.orderBy('d.probability', 'desc').orderBy('d.id').limit(f.limit).execute()) as PairListRow[];
}

/**
 * Pairs with exactly one person in the scope (the other lives elsewhere), oldest first, at most `limit`: the
 * caller keeps only its own person of each and where the pair was referred, never the other person or the score.
 */
export async function listReferredPairs(
  db: Db,
  f: { status?: PairStatus; scope: PairScope; unit?: PairScope; limit: number },
): Promise<PairListRow[]> {
  let qb = db
    .selectFrom('dedup_pair as d')
    .innerJoin('person as a', 'a.id', 'd.person_l')
    .innerJoin('person as b', 'b.id', 'd.person_r')
    .selectAll('d')
    .select([...PERSON_COLUMNS('a', 'l'), ...PERSON_COLUMNS('b', 'r')])
    .where(oneInScope(f.scope));
  if (f.status) qb = qb.where('d.status', '=', f.status);
  if (f.unit) qb = qb.where(eitherInScope(f.unit));
  return (await qb.orderBy('d.id').limit(f.limit).execute()) as PairListRow[];
}

/** Decided pairs counted per probability band and decision. `bands` are ascending lower bounds. */
export async function decisionCounts(
  db: Db,
  bands: readonly number[],
  scope: PairScope,
): Promise<{ band: number; status: string; count: number }[]> {
  // Constant bounds from the code, written as literals so that both engines group by the same expression.
  let cases = sql<number>`-1`;
  bands.forEach((lo, i) => {
    cases = sql<number>`CASE WHEN d.probability >= ${sql.raw(String(Number(lo)))} THEN ${sql.raw(String(i))} ELSE ${cases} END`;
  });
  const rows = await db
    .selectFrom('dedup_pair as d')
    .select([cases.as('band'), 'd.status', (eb) => eb.fn.countAll<number>().as('count')])
    .where('d.decided_at', 'is not', null)
    .where('d.status', 'in', ['same', 'different', 'merged'])
    .where(bothInScope(scope))
    .groupBy([cases, 'd.status'])
    .execute();
  return rows.map((r) => ({ band: Number(r.band), status: r.status, count: Number(r.count) }));
}

/** Pairs per status, of those whose two persons are both in the scope (all pairs by default). */
export async function countPairsByStatus(db: Db, scope: PairScope = {}): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('dedup_pair as d')
    .select(['d.status', (eb) => eb.fn.countAll<number>().as('count')])
    .where(bothInScope(scope))
    .groupBy('d.status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
}
