// All SQL of ballot intake: the per-batch lookups of the validation (one statement per kind of key, whatever the
// batch size), the bulk writer of an import batch (prepared statements in one transaction on SQLite, COPY on
// PostgreSQL, committed together with the job's resume cursor), and the single-ballot insert of the form path.
import type BetterSqlite3 from 'better-sqlite3';
import type { Insertable, Selectable } from 'kysely';
import type pg from 'pg';
import { copyBytes, copyField, copyInto, putCopyText } from '../../../db/copy.ts';
import type { Db, DbOrTrx } from '../../../db/database.ts';
import { dialectOf, isUniqueViolation, pgPool, sqliteHandle } from '../../../db/dialect.ts';
import { foldName } from '../../../domain/names.ts';
import { parseState } from '../../registry/person.model.ts';
import { type BallotTable, campaignDb } from '../campaign.table.ts';
import type { BatchLookups, DuplicateRef, EarlierBallot, RegistryMatch } from './campaign.validation.cross.ts';
import { nameKey } from './campaign.validation.cross.ts';

export type BallotRow = Selectable<BallotTable>;

/** One ballot of an import batch, ready to store. */
export interface BallotInsert {
  ref: string;
  rowNo: number | null;
  unitCode: string | null;
  provinceCode: string | null;
  pin: string | null;
  fullName: string | null;
  nameFolded: string | null;
  dob: string | null;
  warningCount: number;
  /** JSON array of issues (warnings only: a ballot with errors is not stored). */
  issues: string;
  duplicateOf: DuplicateRef | null;
  personId: number | null;
  /** JSON object of the row's values, UTF-8 (as the reader thread encoded it: PostgreSQL copies the bytes as they are). */
  data: Uint8Array;
}

/** One line of the import report; `ballot` is the index of its ballot in the batch, null for a refused row. */
export interface IssueInsert {
  rowNo: number;
  ballot: number | null;
  unitCode: string | null;
  provinceCode: string | null;
  principle: string;
  severity: string;
  field: string;
  rule: string;
  messageVi: string;
  messageEn: string;
  value: string | null;
}

export interface BatchWrite {
  jobId: number;
  campaign: string;
  form: string;
  createdBy: string;
  at: string;
  ballots: BallotInsert[];
  issues: IssueInsert[];
  /** The resume cursor after this batch, and what the batch adds to the job's counters. */
  rowsDone: number;
  skipped: number;
  rowsWithErrors: number;
  runner: string;
  /** Ids taken beforehand with reserveIds, one per ballot (PostgreSQL); else they come with the insert. */
  ids?: number[];
}

export interface BatchWritten {
  added: number;
  /** Ballots refused by the unique ballot_ref at insert (written meanwhile by someone else): counted as skipped. */
  conflicts: number;
}

export interface BallotWriter {
  /**
   * PostgreSQL: takes ids from the ballot sequence, so the next batch can be prepared against a batch whose write is
   * still running. Null on SQLite, where ids come with the insert and a write holds the thread until it commits.
   */
  reserveIds: ((n: number) => Promise<number[]>) | null;
  write(batch: BatchWrite): Promise<BatchWritten>;
}

// ---- lookups

interface PersonHit {
  key: string;
  id: number;
  pin: string;
  status: string;
  dob: string;
  name_folded: string;
  data: string;
}

interface BallotHit {
  id: number;
  job_id: number | null;
  row_no: number | null;
  pin: string | null;
  dob: string | null;
  name_folded: string | null;
  data: string | null;
}

/** A registry person; its state is parsed only when the parents or the whole state are needed. */
function registryMatch(h: PersonHit, withState: boolean, withParents: boolean): RegistryMatch {
  const s = withState || withParents ? parseState(h.data) : undefined;
  const m: RegistryMatch = {
    personId: Number(h.id),
    pin: h.pin,
    status: h.status as RegistryMatch['status'],
    dob: h.dob,
    nameFolded: h.name_folded,
    fatherFolded: s?.father?.name ? foldName(s.father.name) : '',
    motherFolded: s?.mother?.name ? foldName(s.mother.name) : '',
    fatherPin: s?.father?.pin ?? null,
    motherPin: s?.mother?.pin ?? null,
  };
  // The state also tells whether a scoped submitter covers the person (campaign.validation.cross.ts).
  if (s) m.state = s;
  return m;
}

function earlierBallot(h: BallotHit, form: string): EarlierBallot {
  // Found by PIN, a DC01 ballot's data is not read (its parents only matter to a match by name and birth date).
  const d = h.data === null ? {} : (JSON.parse(h.data) as Record<string, string>);
  const b: EarlierBallot = {
    id: Number(h.id),
    jobId: h.job_id === null ? null : Number(h.job_id),
    rowNo: h.row_no,
    pin: h.pin,
    dob: h.dob,
    nameFolded: h.name_folded,
    fatherFolded: d.father_name ? foldName(d.father_name) : '',
    motherFolded: d.mother_name ? foldName(d.mother_name) : '',
  };
  if (form === 'DC02') b.field = d.field ?? '';
  return b;
}

function push<K, V>(map: Map<K, V[]>, key: K, v: V): void {
  const list = map.get(key);
  if (list) list.push(v);
  else map.set(key, [v]);
}

export interface LookupRequest {
  campaign: string;
  form: string;
  pins: string[];
  nameDobs: { name: string; dob: string }[];
  /** Parse and keep registry states (DC02 compares old values). */
  withState: boolean;
}

/** Ballot refs of the campaign and form already stored, among `refs` (one index probe per ref, as lookupBatch). */
export async function existingRefs(db: Db, campaign: string, form: string, refs: string[]): Promise<Set<string>> {
  if (refs.length === 0) return new Set();
  if (dialectOf(db) === 'postgres') {
    const r = await pgPool(db).query<{ ballot_ref: string }>(
      `SELECT b.ballot_ref FROM unnest($3::text[]) AS k(ref)
         CROSS JOIN LATERAL (SELECT ballot_ref FROM ballot
                              WHERE campaign_code = $1 AND form = $2 AND ballot_ref = k.ref OFFSET 0) b`,
      [campaign, form, refs],
    );
    return new Set(r.rows.map((x) => x.ballot_ref));
  }
  const rows = sqliteStatements(sqliteHandle(db)).refs.all(campaign, form, JSON.stringify(refs)) as {
    ballot_ref: string;
  }[];
  return new Set(rows.map((x) => x.ballot_ref));
}

/** Everything the cross-row rules need for one batch: four statements, whatever the number of rows. */
export async function lookupBatch(db: Db, q: LookupRequest): Promise<BatchLookups> {
  // The registry is probed by (name, birth year), which two keys of a batch may share: probe each pair once.
  const byYear = new Map<string, [name: string, year: number]>();
  for (const k of q.nameDobs) byYear.set(`${k.name}|${k.dob.slice(0, 4)}`, [k.name, Number(k.dob.slice(0, 4))]);
  const names = [...byYear.values()].map((k) => k[0]);
  const years = [...byYear.values()].map((k) => k[1]);
  let persons: PersonHit[] = [];
  let personsByName: PersonHit[] = [];
  let ballots: BallotHit[] = [];
  let ballotsByName: BallotHit[] = [];
  if (dialectOf(db) === 'postgres') {
    // Each key is one index probe: LATERAL … OFFSET 0 keeps the planner from joining the keys against a scan, which
    // it chose on statistics taken while the table was small (a bulk import outgrows them within minutes).
    const pool = pgPool(db);
    const [a, b, c, d] = await Promise.all([
      q.pins.length
        ? pool.query<PersonHit>(
            `SELECT pp.pin AS key, p.id, p.pin, p.status, p.dob, p.name_folded, p.data
               FROM unnest($1::text[]) AS k(pin)
               CROSS JOIN LATERAL (SELECT * FROM person_pin pp WHERE pp.pin = k.pin OFFSET 0) pp
               JOIN person p ON p.id = pp.person_id`,
            [q.pins],
          )
        : undefined,
      names.length
        ? pool.query<PersonHit>(
            `SELECT '' AS key, p.id, p.pin, p.status, p.dob, p.name_folded, p.data
               FROM unnest($1::text[], $2::int[]) AS k(n, y)
               CROSS JOIN LATERAL (SELECT * FROM person p WHERE p.name_folded = k.n AND p.birth_year = k.y OFFSET 0) p`,
            [names, years],
          )
        : undefined,
      q.pins.length
        ? pool.query<BallotHit>(
            `SELECT b.id, b.job_id, b.row_no, b.pin, b.dob, b.name_folded, CASE WHEN b.form = 'DC02' THEN b.data END AS data
               FROM unnest($3::text[]) AS k(pin)
               CROSS JOIN LATERAL (SELECT * FROM ballot b WHERE b.pin = k.pin OFFSET 0) b
              WHERE b.campaign_code = $1 AND b.form = $2 ORDER BY b.id`,
            [q.campaign, q.form, q.pins],
          )
        : undefined,
      q.nameDobs.length
        ? pool.query<BallotHit>(
            `SELECT b.id, b.job_id, b.row_no, b.pin, b.dob, b.name_folded, b.data
               FROM unnest($3::text[], $4::text[]) AS k(n, d)
               CROSS JOIN LATERAL (SELECT * FROM ballot b WHERE b.name_folded = k.n AND b.dob = k.d OFFSET 0) b
              WHERE b.campaign_code = $1 AND b.form = $2 ORDER BY b.id`,
            [q.campaign, q.form, q.nameDobs.map((k) => k.name), q.nameDobs.map((k) => k.dob)],
          )
        : undefined,
    ]);
    persons = a?.rows ?? [];
    personsByName = b?.rows ?? [];
    ballots = c?.rows ?? [];
    ballotsByName = d?.rows ?? [];
  } else {
    const st = sqliteStatements(sqliteHandle(db));
    if (q.pins.length) {
      const pins = JSON.stringify(q.pins);
      persons = st.personsByPin.all(pins) as PersonHit[];
      ballots = st.ballotsByPin.all(pins, q.campaign, q.form) as BallotHit[];
    }
    if (q.nameDobs.length) {
      personsByName = st.personsByName.all(JSON.stringify([...byYear.values()])) as PersonHit[];
      ballotsByName = st.ballotsByName.all(
        JSON.stringify(q.nameDobs.map((k) => [k.name, k.dob])),
        q.campaign,
        q.form,
      ) as BallotHit[];
    }
  }
  const out: BatchLookups = {
    registryByPin: new Map(),
    registryByNameDob: new Map(),
    ballotsByPin: new Map(),
    ballotsByNameDob: new Map(),
  };
  for (const h of persons) out.registryByPin.set(h.key, registryMatch(h, q.withState, false));
  const wanted = new Set(q.nameDobs.map((k) => nameKey(k.name, k.dob)));
  for (const h of personsByName) {
    const k = nameKey(h.name_folded, h.dob);
    if (wanted.has(k)) push(out.registryByNameDob, k, registryMatch(h, q.withState, true));
  }
  for (const h of ballots) if (h.pin) push(out.ballotsByPin, h.pin, earlierBallot(h, q.form));
  for (const h of ballotsByName)
    if (h.name_folded && h.dob) push(out.ballotsByNameDob, nameKey(h.name_folded, h.dob), earlierBallot(h, q.form));
  return out;
}

// ---- SQLite statements, prepared once per connection. CROSS JOIN keeps the batch's keys as the outer loop, so
// each key is one index probe (left to itself the planner may scan the campaign's ballots once per key).

interface SqliteStatements {
  refs: BetterSqlite3.Statement;
  personsByPin: BetterSqlite3.Statement;
  personsByName: BetterSqlite3.Statement;
  ballotsByPin: BetterSqlite3.Statement;
  ballotsByName: BetterSqlite3.Statement;
  insertBallot: BetterSqlite3.Statement;
  insertIssue: BetterSqlite3.Statement;
  advanceJob: BetterSqlite3.Statement;
}

const prepared = new WeakMap<BetterSqlite3.Database, SqliteStatements>();

export const BALLOT_COLUMNS = [
  'campaign_code',
  'form',
  'ballot_ref',
  'source',
  'job_id',
  'row_no',
  'status',
  'unit_code',
  'province_code',
  'pin',
  'full_name',
  'name_folded',
  'dob',
  'error_count',
  'warning_count',
  'issues',
  'duplicate_of',
  'person_id',
  'data',
  'version',
  'created_by',
  'created_at',
  'updated_at',
] as const;

export const ISSUE_COLUMNS = [
  'job_id',
  'row_no',
  'ballot_id',
  'unit_code',
  'province_code',
  'principle',
  'severity',
  'field',
  'rule',
  'message_vi',
  'message_en',
  'value',
] as const;

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

function sqliteStatements(h: BetterSqlite3.Database): SqliteStatements {
  let st = prepared.get(h);
  if (st) return st;
  st = {
    refs: h.prepare(
      `SELECT ballot_ref FROM ballot WHERE campaign_code = ? AND form = ?
          AND ballot_ref IN (SELECT value FROM json_each(?))`,
    ),
    personsByPin: h.prepare(
      `SELECT pp.pin AS key, p.id, p.pin, p.status, p.dob, p.name_folded, p.data
         FROM json_each(?) k CROSS JOIN person_pin pp ON pp.pin = k.value JOIN person p ON p.id = pp.person_id`,
    ),
    personsByName: h.prepare(
      `SELECT '' AS key, p.id, p.pin, p.status, p.dob, p.name_folded, p.data
         FROM json_each(?) k
         CROSS JOIN person p ON p.name_folded = json_extract(k.value, '$[0]') AND p.birth_year = json_extract(k.value, '$[1]')`,
    ),
    ballotsByPin: h.prepare(
      `SELECT b.id, b.job_id, b.row_no, b.pin, b.dob, b.name_folded, CASE WHEN b.form = 'DC02' THEN b.data END AS data
         FROM json_each(?) k CROSS JOIN ballot b ON b.pin = k.value
        WHERE +b.campaign_code = ? AND +b.form = ? ORDER BY b.id`,
    ),
    ballotsByName: h.prepare(
      `SELECT b.id, b.job_id, b.row_no, b.pin, b.dob, b.name_folded, b.data
         FROM json_each(?) k
         CROSS JOIN ballot b ON b.name_folded = json_extract(k.value, '$[0]') AND b.dob = json_extract(k.value, '$[1]')
        WHERE +b.campaign_code = ? AND +b.form = ? ORDER BY b.id`,
    ),
    insertBallot: h.prepare(
      `INSERT INTO ballot (${WRITE_COLUMNS.join(', ')}) VALUES (${marks(WRITE_COLUMNS.length)})
         ON CONFLICT (campaign_code, form, ballot_ref) DO NOTHING`,
    ),
    insertIssue: h.prepare(
      `INSERT INTO import_issue (${ISSUE_COLUMNS.join(', ')}) VALUES (${marks(ISSUE_COLUMNS.length)})`,
    ),
    advanceJob: h.prepare(
      `UPDATE import_job SET rows_done = ?, ballots_added = ballots_added + ?, ballots_skipped = ballots_skipped + ?,
              rows_with_errors = rows_with_errors + ?, updated_at = ? WHERE id = ? AND runner = ?`,
    ),
  };
  prepared.set(h, st);
  return st;
}

// ---- the bulk writer

// Both engines write a batch's ballots in one column layout: the columns the batch shares, then those the writer
// decides per ballot, then the stored JSON. On PostgreSQL the COPY of a batch is built as bytes in that order (the
// shared part once, the JSON exactly as the reader thread encoded it), so a million rows' JSON never becomes
// strings in this thread; SQLite binds the same values, with a NULL id that it assigns.
const BATCH_COLUMNS = [
  'campaign_code',
  'form',
  'source',
  'job_id',
  'status',
  'error_count',
  'version',
  'created_by',
  'created_at',
  'updated_at',
] as const;
const BALLOT_OWN_COLUMNS = [
  'id',
  'ballot_ref',
  'row_no',
  'unit_code',
  'province_code',
  'pin',
  'full_name',
  'name_folded',
  'dob',
  'warning_count',
  'issues',
  'duplicate_of',
  'person_id',
] as const;
const WRITE_COLUMNS = [...BATCH_COLUMNS, ...BALLOT_OWN_COLUMNS, 'data'] as const;
if ([...WRITE_COLUMNS].sort().join() !== ['id', ...BALLOT_COLUMNS].sort().join())
  throw new Error('the write layout of ballots must name every ballot column once');

/** The values of BATCH_COLUMNS. */
function batchValues(w: BatchWrite): unknown[] {
  return [w.campaign, w.form, 'import', w.jobId, 'collected', 0, 1, w.createdBy, w.at, w.at];
}

/** The values of BALLOT_OWN_COLUMNS (id null: SQLite assigns it). */
function ballotOwnValues(b: BallotInsert, id: number | null, duplicateOf: number | null): unknown[] {
  return [
    id,
    b.ref,
    b.rowNo,
    b.unitCode,
    b.provinceCode,
    b.pin,
    b.fullName,
    b.nameFolded,
    b.dob,
    b.warningCount,
    b.issues,
    duplicateOf,
    b.personId,
  ];
}

const utf8 = new TextDecoder();

function issueValues(i: IssueInsert, jobId: number, ballotId: number | null): unknown[] {
  return [
    jobId,
    i.rowNo,
    ballotId,
    i.unitCode,
    i.provinceCode,
    i.principle,
    i.severity,
    i.field,
    i.rule,
    i.messageVi,
    i.messageEn,
    i.value,
  ];
}

/** The job moved on without us (another runner claimed it): stop rather than write twice. */
export class LostJobError extends Error {
  constructor(jobId: number) {
    super(`import job ${jobId} is being run by another process`);
    this.name = 'LostJobError';
  }
}

export function openBallotWriter(db: Db): BallotWriter {
  return dialectOf(db) === 'postgres' ? postgresWriter(pgPool(db)) : sqliteWriter(sqliteHandle(db));
}

function resolveDuplicate(ref: DuplicateRef | null, ids: (number | null)[]): number | null {
  if (ref === null) return null;
  return 'id' in ref ? ref.id : (ids[ref.row] ?? null);
}

function sqliteWriter(h: BetterSqlite3.Database): BallotWriter {
  const st = sqliteStatements(h);
  const run = h.transaction((w: BatchWrite): BatchWritten => {
    const ids: (number | null)[] = new Array(w.ballots.length);
    const shared = batchValues(w);
    let conflicts = 0;
    for (let i = 0; i < w.ballots.length; i++) {
      const b = w.ballots[i]!;
      const own = ballotOwnValues(b, null, resolveDuplicate(b.duplicateOf, ids));
      const info = st.insertBallot.run([...shared, ...own, utf8.decode(b.data)]);
      if (info.changes === 0) {
        ids[i] = null;
        conflicts++;
      } else ids[i] = Number(info.lastInsertRowid);
    }
    for (const x of w.issues) {
      if (x.ballot !== null && ids[x.ballot] === null) continue;
      st.insertIssue.run(issueValues(x, w.jobId, x.ballot === null ? null : ids[x.ballot]!));
    }
    const added = w.ballots.length - conflicts;
    const moved = st.advanceJob.run(
      w.rowsDone,
      added,
      w.skipped + conflicts,
      w.rowsWithErrors,
      w.at,
      w.jobId,
      w.runner,
    );
    if (moved.changes !== 1) throw new LostJobError(w.jobId);
    return { added, conflicts };
  });
  return {
    reserveIds: null,
    async write(w) {
      // IMMEDIATE: take the write lock first, so a concurrent writer waits instead of failing half-way.
      return run.immediate(w);
    },
  };
}

function ballotPayload(w: BatchWrite, ids: number[], buffer: (bytes: number) => Buffer): Buffer {
  const constant = `${batchValues(w).map(copyField).join('\t')}\t`;
  const heads = w.ballots.map((b, i) =>
    ballotOwnValues(b, ids[i]!, resolveDuplicate(b.duplicateOf, ids)).map(copyField).join('\t'),
  );
  // At most three bytes per UTF-16 unit of text, and twice the JSON's bytes if every byte were a backslash.
  let bound = 0;
  for (let i = 0; i < heads.length; i++)
    bound += (constant.length + heads[i]!.length + 2) * 3 + w.ballots[i]!.data.length * 2;
  const out = buffer(bound);
  let at = 0;
  for (let i = 0; i < heads.length; i++) {
    at += out.write(constant, at);
    at += out.write(heads[i]!, at);
    out[at++] = 0x09;
    at = putCopyText(out, at, w.ballots[i]!.data);
    out[at++] = 0x0a;
  }
  return out.subarray(0, at);
}

function postgresWriter(pool: pg.Pool): BallotWriter {
  const reserve = async (client: pg.Pool | pg.PoolClient, n: number): Promise<number[]> => {
    if (n === 0) return [];
    const r = await client.query<{ id: number }>(
      `SELECT nextval(pg_get_serial_sequence('ballot', 'id'))::bigint AS id FROM generate_series(1, $1)`,
      [n],
    );
    return r.rows.map((x) => Number(x.id));
  };
  const finish = async (client: pg.PoolClient, w: BatchWrite, ids: (number | null)[]): Promise<BatchWritten> => {
    const issues = w.issues.filter((x) => x.ballot === null || ids[x.ballot] !== null);
    await copyInto(
      client,
      'import_issue',
      ISSUE_COLUMNS,
      issues.map((x) => issueValues(x, w.jobId, x.ballot === null ? null : ids[x.ballot]!)),
    );
    const conflicts = ids.filter((x) => x === null).length;
    const added = w.ballots.length - conflicts;
    const moved = await client.query(
      `UPDATE import_job SET rows_done = $1, ballots_added = ballots_added + $2, ballots_skipped = ballots_skipped + $3,
              rows_with_errors = rows_with_errors + $4, updated_at = $5 WHERE id = $6 AND runner = $7`,
      [w.rowsDone, added, w.skipped + conflicts, w.rowsWithErrors, w.at, w.jobId, w.runner],
    );
    if (moved.rowCount !== 1) throw new LostJobError(w.jobId);
    return { added, conflicts };
  };
  // One payload buffer serves batch after batch (a fresh one each time made the garbage collector chase the
  // external memory); a write that finds it taken by another gets one of its own.
  let spare: Buffer | null = null;
  const lend = (bytes: number): Buffer => {
    const b = spare !== null && spare.length >= bytes ? spare : Buffer.allocUnsafeSlow(Math.max(bytes, 4 << 20));
    spare = null;
    return b;
  };
  return {
    reserveIds: (n) => reserve(pool, n),
    async write(w) {
      const client = await pool.connect();
      let payload: Buffer | null = null;
      const buffer = (bytes: number) => {
        payload = lend(bytes);
        return payload;
      };
      try {
        const ids = w.ids ?? (await reserve(client, w.ballots.length));
        try {
          // The common case: no ballot of the batch exists yet (checked just before), so COPY straight in.
          await client.query('BEGIN');
          await copyBytes(client, 'ballot', WRITE_COLUMNS, ballotPayload(w, ids, buffer));
          const r = await finish(client, w, ids);
          await client.query('COMMIT');
          spare = payload; // the server has read all of it
          return r;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          if (!isUniqueViolation(err)) throw err;
        }
        // Someone stored some of these refs meanwhile: go through a staging table and keep what is new.
        await client.query('BEGIN');
        try {
          await client.query('CREATE TEMP TABLE ballot_in (LIKE ballot INCLUDING DEFAULTS) ON COMMIT DROP');
          await copyBytes(client, 'ballot_in', WRITE_COLUMNS, ballotPayload(w, ids, buffer));
          const cols = ['id', ...BALLOT_COLUMNS].join(', ');
          const r = await client.query<{ id: number }>(
            `INSERT INTO ballot (${cols}) SELECT ${cols} FROM ballot_in ORDER BY id
               ON CONFLICT (campaign_code, form, ballot_ref) DO NOTHING RETURNING id`,
          );
          const inserted = new Set(r.rows.map((x) => Number(x.id)));
          const kept = ids.map((id) => (inserted.has(id) ? id : null));
          const dropped = ids.filter((id) => !inserted.has(id));
          if (dropped.length)
            await client.query('UPDATE ballot SET duplicate_of = NULL WHERE id = ANY($1) AND duplicate_of = ANY($2)', [
              [...inserted],
              dropped,
            ]);
          const out = await finish(client, w, kept);
          await client.query('COMMIT');
          spare = payload;
          return out;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
      } finally {
        client.release();
      }
    },
  };
}

// ---- single ballots (the form path), through Kysely inside the caller's transaction

export type NewBallot = Omit<Insertable<BallotTable>, 'id'>;

export async function insertBallot(db: DbOrTrx, row: NewBallot): Promise<number | undefined> {
  const r = await campaignDb(db as Db)
    .insertInto('ballot')
    .values(row)
    .onConflict((oc) => oc.columns(['campaign_code', 'form', 'ballot_ref']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r ? Number(r.id) : undefined;
}

export async function findBallotByRef(
  db: DbOrTrx,
  campaign: string,
  form: string,
  ref: string,
): Promise<BallotRow | undefined> {
  return campaignDb(db as Db)
    .selectFrom('ballot')
    .selectAll()
    .where('campaign_code', '=', campaign)
    .where('form', '=', form)
    .where('ballot_ref', '=', ref)
    .executeTakeFirst();
}

export async function findBallotById(db: DbOrTrx, campaign: string, id: number): Promise<BallotRow | undefined> {
  return campaignDb(db as Db)
    .selectFrom('ballot')
    .selectAll()
    .where('campaign_code', '=', campaign)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function campaignExists(db: DbOrTrx, code: string): Promise<boolean> {
  const r = await campaignDb(db as Db)
    .selectFrom('campaign')
    .select('code')
    .where('code', '=', code)
    .executeTakeFirst();
  return r !== undefined;
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
