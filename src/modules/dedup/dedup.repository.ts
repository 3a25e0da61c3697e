import { type Insertable, type RawBuilder, type Selectable, sql } from 'kysely';
import type { Db, DbOrTrx } from '../../db/database.ts';
import { dialectOf, pgPool, sqliteHandle } from '../../db/dialect.ts';
import type { FeatureSource } from './dedup.features.ts';
import type { DedupPairTable, DedupRunTable, PairStatus } from './dedup.table.ts';

export type PairRow = Selectable<DedupPairTable>;
export type RunRow = Selectable<DedupRunTable>;
export type NewPair = Omit<Insertable<DedupPairTable>, 'id' | 'version' | 'decided_by' | 'decided_at'>;

/** A text value inside the person's state JSON (`data`), e.g. ['phone'] or ['extra', 'ballotId']. */
function stateText(db: DbOrTrx, path: readonly string[], column = 'data'): RawBuilder<string | null> {
  if (dialectOf(db as Db) === 'postgres') {
    const init = path
      .slice(0, -1)
      .map((p) => `->'${p}'`)
      .join('');
    return sql<string | null>`(${sql.ref(column)}::json${sql.raw(init)}->>${path[path.length - 1]!})`;
  }
  return sql<string | null>`json_extract(${sql.ref(column)}, ${`$.${path.join('.')}`})`;
}

// ---- persons as the engine reads them -------------------------------------------------------------------------

/** One person for the batch run: id, version, the feature columns, province, and the ballot it was loaded from. */
export type LinkRow = [
  id: number,
  version: number,
  fullName: string,
  dob: string,
  sex: string,
  pin: string,
  oldId: string | null,
  resUnit: string | null,
  resProvince: string | null,
  phone: string | null,
  ballot: string | null,
];

const LINK_COLUMNS = 'id, version, full_name, dob, sex, pin, old_id_number, res_unit, res_province';

/**
 * Every person not retired by a merge, in id order, one callback per row (no row objects kept here: at a million
 * persons the caller builds its own compact columns). `withBallot` also reads the ballot id the load kept.
 */
export async function eachLinkRow(db: Db, withBallot: boolean, onRow: (r: LinkRow) => void): Promise<number> {
  let n = 0;
  if (dialectOf(db) === 'sqlite') {
    const stmt = sqliteHandle(db)
      .prepare(
        `SELECT ${LINK_COLUMNS}, json_extract(data, '$.phone'), ${withBallot ? "json_extract(data, '$.extra.ballotId')" : 'NULL'}
         FROM person WHERE status <> 'merged' ORDER BY id`,
      )
      .raw();
    for (const r of stmt.iterate() as Iterable<LinkRow>) {
      onRow(r);
      n++;
    }
    return n;
  }
  const pool = pgPool(db);
  const page = 50_000;
  let after = 0;
  for (;;) {
    const r = await pool.query<LinkRow>({
      text: `SELECT ${LINK_COLUMNS}, (data::json->>'phone'), ${withBallot ? "(data::json->'extra'->>'ballotId')" : 'NULL'}
             FROM person WHERE status <> 'merged' AND id > $1 ORDER BY id LIMIT ${page}`,
      values: [after],
      rowMode: 'array',
    });
    for (const row of r.rows) {
      row[0] = Number(row[0]);
      onRow(row);
    }
    n += r.rows.length;
    if (r.rows.length < page) return n;
    after = r.rows[r.rows.length - 1]![0];
  }
}

export interface CandidateRow extends FeatureSource {
  id: number;
  version: number;
  res_province: string | null;
  status: string;
}

/** The engine's columns of the given persons (retired persons left out). */
export async function candidateRows(db: DbOrTrx, ids: readonly number[]): Promise<CandidateRow[]> {
  const out: CandidateRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    const rows = await db
      .selectFrom('person')
      .select([
        'id',
        'version',
        'full_name',
        'dob',
        'sex',
        'pin',
        'old_id_number',
        'res_unit',
        'res_province',
        'status',
        stateText(db, ['phone']).as('phone'),
      ])
      .where('id', 'in', part)
      .where('status', '<>', 'merged')
      .execute();
    out.push(...(rows as CandidateRow[]));
  }
  return out.sort((a, b) => a.id - b.id);
}

/** Ballots loaded without a PIN: person id → ballot id (for mapping a truth file). */
export async function loadedBallots(db: Db): Promise<Map<number, string>> {
  const rows = await db.selectFrom('load_ballot').select(['ballot_id', 'person_id']).execute();
  return new Map(rows.map((r) => [Number(r.person_id), r.ballot_id]));
}

// ---- runs -----------------------------------------------------------------------------------------------------

export async function insertRun(
  db: Db,
  r: { kind: string; started_at: string; threshold: number; started_by: string },
): Promise<number> {
  const row = await db
    .insertInto('dedup_run')
    .values({ ...r, persons: 0, candidates: 0, pairs: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function finishRun(
  db: DbOrTrx,
  id: number,
  r: { finished_at: string; persons: number; candidates: number; pairs: number; model: string | null; stats: string },
): Promise<void> {
  await db.updateTable('dedup_run').set(r).where('id', '=', id).execute();
}

/** The last finished run that stored a model. */
export async function latestModelRun(db: DbOrTrx): Promise<Pick<RunRow, 'id' | 'model' | 'finished_at'> | undefined> {
  return db
    .selectFrom('dedup_run')
    .select(['id', 'model', 'finished_at'])
    .where('finished_at', 'is not', null)
    .where('model', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The last run started (finished or not). */
export async function latestRun(db: DbOrTrx): Promise<RunRow | undefined> {
  return db.selectFrom('dedup_run').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function latestModelRunId(db: DbOrTrx): Promise<number | undefined> {
  const r = await db
    .selectFrom('dedup_run')
    .select('id')
    .where('finished_at', 'is not', null)
    .where('model', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? Number(r.id) : undefined;
}

// ---- pairs ----------------------------------------------------------------------------------------------------

/**
 * Writes scored pairs. A new pair enters the queue (open). An open pair takes the new scores. A pair decided
 * 'different' is left alone while both persons are at the versions it was decided on, and reopened when either
 * changed. Pairs decided 'same', merged or closed are left alone. The pair's version moves whenever its persons'
 * versions or its status change, so a decision taken on what an officer saw before fails.
 */
export async function upsertPairs(db: DbOrTrx, pairs: readonly NewPair[]): Promise<number> {
  let written = 0;
  for (let i = 0; i < pairs.length; i += 400) {
    const part = pairs.slice(i, i + 400);
    const r = await db
      .insertInto('dedup_pair')
      .values(part.map((p) => ({ ...p, version: 1 })))
      .onConflict((oc) =>
        oc
          .columns(['person_l', 'person_r'])
          .doUpdateSet((eb) => ({
            version_l: eb.ref('excluded.version_l'),
            version_r: eb.ref('excluded.version_r'),
            unit_l: eb.ref('excluded.unit_l'),
            unit_r: eb.ref('excluded.unit_r'),
            province_l: eb.ref('excluded.province_l'),
            province_r: eb.ref('excluded.province_r'),
            probability: eb.ref('excluded.probability'),
            match_weight: eb.ref('excluded.match_weight'),
            evidence: eb.ref('excluded.evidence'),
            found_by: eb.ref('excluded.found_by'),
            run_id: eb.ref('excluded.run_id'),
            updated_at: eb.ref('excluded.updated_at'),
            status: sql<PairStatus>`'open'`,
            decided_by: sql<string | null>`NULL`,
            decided_at: sql<string | null>`NULL`,
            version: sql<number>`dedup_pair.version + CASE WHEN dedup_pair.version_l <> excluded.version_l OR dedup_pair.version_r <> excluded.version_r OR dedup_pair.status <> 'open' THEN 1 ELSE 0 END`,
          }))
          .where((eb) =>
            eb.or([
              eb('dedup_pair.status', '=', 'open'),
              eb.and([
                eb('dedup_pair.status', '=', 'different'),
                eb.or([
                  eb('dedup_pair.version_l', '<>', eb.ref('excluded.version_l')),
                  eb('dedup_pair.version_r', '<>', eb.ref('excluded.version_r')),
                ]),
              ]),
            ]),
          ),
      )
      .executeTakeFirst();
    written += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  return written;
}

export async function findPair(db: DbOrTrx, id: number): Promise<PairRow | undefined> {
  return db.selectFrom('dedup_pair').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPairOf(db: DbOrTrx, a: number, b: number): Promise<PairRow | undefined> {
  return db
    .selectFrom('dedup_pair')
    .selectAll()
    .where('person_l', '=', Math.min(a, b))
    .where('person_r', '=', Math.max(a, b))
    .executeTakeFirst();
}

/** Every pair of a person (either side). */
export async function pairsOfPerson(db: DbOrTrx, personId: number): Promise<PairRow[]> {
  return db
    .selectFrom('dedup_pair')
    .selectAll()
    .where((eb) => eb.or([eb('person_l', '=', personId), eb('person_r', '=', personId)]))
    .orderBy('id')
    .execute();
}

/** Records a decision if the pair is still open at `version`; false otherwise. */
export async function decidePair(
  db: DbOrTrx,
  id: number,
  version: number,
  status: PairStatus,
  by: string,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('dedup_pair')
    .set({ status, decided_by: by, decided_at: at, updated_at: at, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The pair of a merge: status 'merged', decided now unless it was decided 'same' before. */
export async function markPairMerged(db: DbOrTrx, id: number, by: string, at: string): Promise<void> {
  await db
    .updateTable('dedup_pair')
    .set({
      status: 'merged',
      decided_by: sql<string>`coalesce(decided_by, ${by})`,
      decided_at: sql<string>`coalesce(decided_at, ${at})`,
      updated_at: at,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', id)
    .execute();
}

/** A pair's row as it was (merge snapshots restore them exactly). */
export async function restorePair(db: DbOrTrx, row: PairRow): Promise<void> {
  const { id, ...rest } = row;
  await db.updateTable('dedup_pair').set(rest).where('id', '=', id).execute();
}

export async function setPairStatus(
  db: DbOrTrx,
  ids: readonly number[],
  status: PairStatus,
  at: string,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('dedup_pair')
    .set({ status, updated_at: at, version: sql<number>`version + 1` })
    .where('id', 'in', [...ids])
    .execute();
}

/** Where pairs are listed: the whole country, a province, or a commune (a pair is in it when both persons are). */
