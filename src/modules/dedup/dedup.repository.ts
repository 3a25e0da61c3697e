// All SQL of record linkage in the registry except merges (dedup.merge.repository.ts): the person columns the
// engine reads, batch runs and their models, the pairs (queue, decisions, precision) and the blocking keys.
// Reading every person and writing every key are bulk paths: better-sqlite3 statements on SQLite, keyset pages
// and COPY on PostgreSQL.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Insertable, type RawBuilder, type Selectable, sql } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db, DbOrTrx } from '../../db/database.ts';
import { dialectOf, pgPool, sqliteHandle } from '../../db/dialect.ts';
import type { FeatureSource } from './dedup.features.ts';
import {
  type DedupPairTable,
  type DedupRunTable,
  type DedupTables,
  KEY_SLOTS,
  type PairStatus,
} from './dedup.table.ts';

export type PairRow = Selectable<DedupPairTable>;
export type RunRow = Selectable<DedupRunTable>;
export type NewPair = Omit<Insertable<DedupPairTable>, 'id' | 'version' | 'decided_by' | 'decided_at'>;

function q(db: DbOrTrx) {
  return db.withTables<DedupTables>();
}

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
  const row = await q(db)
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
  await q(db).updateTable('dedup_run').set(r).where('id', '=', id).execute();
}

/** The last finished run that stored a model. */
export async function latestModelRun(db: DbOrTrx): Promise<Pick<RunRow, 'id' | 'model' | 'finished_at'> | undefined> {
  return q(db)
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
  return q(db).selectFrom('dedup_run').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function latestModelRunId(db: DbOrTrx): Promise<number | undefined> {
  const r = await q(db)
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
    const r = await q(db)
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
  return q(db).selectFrom('dedup_pair').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPairOf(db: DbOrTrx, a: number, b: number): Promise<PairRow | undefined> {
  return q(db)
    .selectFrom('dedup_pair')
    .selectAll()
    .where('person_l', '=', Math.min(a, b))
    .where('person_r', '=', Math.max(a, b))
    .executeTakeFirst();
}

/** Every pair of a person (either side). */
export async function pairsOfPerson(db: DbOrTrx, personId: number): Promise<PairRow[]> {
  return q(db)
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
  const r = await q(db)
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
  await q(db)
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
  await q(db).updateTable('dedup_pair').set(rest).where('id', '=', id).execute();
}

export async function setPairStatus(
  db: DbOrTrx,
  ids: readonly number[],
  status: PairStatus,
  at: string,
): Promise<void> {
  if (ids.length === 0) return;
  await q(db)
    .updateTable('dedup_pair')
    .set({ status, updated_at: at, version: sql<number>`version + 1` })
    .where('id', 'in', [...ids])
    .execute();
}

/** Where pairs are listed: the whole country, a province, or a commune (a pair is in it when both persons are). */
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
  let qb = q(db)
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
  let qb = q(db)
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
  const rows = await q(db)
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
  const rows = await q(db)
    .selectFrom('dedup_pair as d')
    .select(['d.status', (eb) => eb.fn.countAll<number>().as('count')])
    .where(bothInScope(scope))
    .groupBy('d.status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
}

// ---- blocking keys --------------------------------------------------------------------------------------------

const KEY_INDEX = 'person_link_key_key_idx';

/**
 * Replaces every person's keys: `keys[r][i]` is rule r's key of person `personIds[i]` (-1: none). The key index is
 * dropped, the rows written in slot order (appends), and the index built again by sorting, which at millions of
 * rows is several times faster than keeping the index up to date row by row. On PostgreSQL it is one transaction.
 * On SQLite the rows go in transactions of a few hundred thousand, so that no registry write waiting for the
 * database (another process) waits longer than one of them; meanwhile lookups scan the table and may miss keys
 * not yet written, which the batch run itself covers.
 */
export async function replaceAllLinkKeys(
  db: Db,
  personIds: ArrayLike<number>,
  keys: readonly Float64Array[],
): Promise<number> {
  if (keys.length > KEY_SLOTS) throw new Error(`at most ${KEY_SLOTS} blocking rules can be kept as keys`);
  let n = 0;
  if (dialectOf(db) === 'sqlite') {
    const h = sqliteHandle(db);
    // Many rows per statement: the cost per row is mostly the call into SQLite, not the append itself.
    const per = 250;
    const many = h.prepare(`INSERT INTO person_link_key (slot, key) VALUES ${Array(per).fill('(?, ?)').join(', ')}`);
    const one = h.prepare('INSERT INTO person_link_key (slot, key) VALUES (?, ?)');
    h.transaction(() => {
      h.prepare(`DROP INDEX IF EXISTS ${KEY_INDEX}`).run();
      h.prepare('DELETE FROM person_link_key').run();
    })();
    const chunk = h.transaction((from: number, to: number) => {
      const buf: number[] = [];
      for (let i = from; i < to; i++) {
        const base = personIds[i]! * KEY_SLOTS;
        for (let r = 0; r < keys.length; r++) {
          const k = keys[r]![i]!;
          if (k < 0) continue;
          buf.push(base + r, k);
          n++;
          if (buf.length === 2 * per) {
            many.run(buf);
            buf.length = 0;
          }
        }
      }
      for (let x = 0; x < buf.length; x += 2) one.run(buf[x], buf[x + 1]);
    });
    for (let from = 0; from < personIds.length; from += 50_000) chunk(from, Math.min(personIds.length, from + 50_000));
    h.prepare(`CREATE INDEX IF NOT EXISTS ${KEY_INDEX} ON person_link_key (key)`).run();
    return n;
  }
  const client = await pgPool(db).connect();
  try {
    await client.query('BEGIN');
    await client.query(`DROP INDEX IF EXISTS ${KEY_INDEX}`);
    await client.query('TRUNCATE person_link_key');
    const lines = function* () {
      let chunk = '';
      for (let i = 0; i < personIds.length; i++) {
        const base = personIds[i]! * KEY_SLOTS;
        for (let r = 0; r < keys.length; r++) {
          const k = keys[r]![i]!;
          if (k < 0) continue;
          chunk += `${base + r}\t${k}\n`;
          n++;
        }
        if (chunk.length > 1 << 16) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    };
    await pipeline(Readable.from(lines()), client.query(copyFrom('COPY person_link_key (slot, key) FROM STDIN')));
    await client.query(`CREATE INDEX ${KEY_INDEX} ON person_link_key (key)`);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  return n;
}

function slotRange(personId: number): [number, number] {
  return [personId * KEY_SLOTS, personId * KEY_SLOTS + KEY_SLOTS - 1];
}

/** Replaces the keys of the given persons (the incremental path); `keys[r]` is rule r's key, -1 for none. */
export async function replaceLinkKeys(db: DbOrTrx, rows: { personId: number; keys: number[] }[]): Promise<void> {
  if (rows.length === 0) return;
  const run = async (t: DbOrTrx) => {
    for (const r of rows) await deleteLinkKeys(t, r.personId);
    const values = rows.flatMap((r) =>
      r.keys.flatMap((key, rule) => (key >= 0 ? [{ slot: r.personId * KEY_SLOTS + rule, key }] : [])),
    );
    for (let i = 0; i < values.length; i += 500) {
      await q(t)
        .insertInto('person_link_key')
        .values(values.slice(i, i + 500))
        .execute();
    }
  };
  if (db.isTransaction) await run(db);
  else await (db as Db).transaction().execute(run);
}

export async function deleteLinkKeys(db: DbOrTrx, personId: number): Promise<void> {
  const [lo, hi] = slotRange(personId);
  await q(db).deleteFrom('person_link_key').where('slot', '>=', lo).where('slot', '<=', hi).execute();
}

/** A person's keys by rule (-1 where none), e.g. to restore them exactly. */
export async function linkKeysOf(db: DbOrTrx, personId: number): Promise<number[]> {
  const [lo, hi] = slotRange(personId);
  const rows = await q(db)
    .selectFrom('person_link_key')
    .select(['slot', 'key'])
    .where('slot', '>=', lo)
    .where('slot', '<=', hi)
    .execute();
  const out = new Array<number>(KEY_SLOTS).fill(-1);
  for (const r of rows) out[Number(r.slot) - lo] = Number(r.key);
  while (out.length > 0 && out[out.length - 1] === -1) out.pop();
  return out;
}

/**
 * The persons holding each key, at most `limit + 1` per key: a key with more than `limit` persons is a giant block
 * the batch run would skip too, and the caller drops it.
 */
export async function personsByKey(
  db: DbOrTrx,
  keys: readonly number[],
  limit: number,
): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (const key of new Set(keys)) {
    const rows = await q(db)
      .selectFrom('person_link_key')
      .select('slot')
      .where('key', '=', key)
      .limit(limit + 1)
      .execute();
    out.set(key, [...new Set(rows.map((r) => Math.floor(Number(r.slot) / KEY_SLOTS)))]);
  }
  return out;
}

export async function countLinkKeys(db: DbOrTrx): Promise<number> {
  const r = await q(db)
    .selectFrom('person_link_key')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
