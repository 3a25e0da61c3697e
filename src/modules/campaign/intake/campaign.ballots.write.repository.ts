// The bulk writer of an import batch: prepared statements in one transaction on SQLite, COPY on PostgreSQL,
// committed together with the job's resume cursor.
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { copyBytes, copyField, copyInto, putCopyText } from '../../../db/copy.ts';
import type { Db } from '../../../db/database.ts';
import { dialectOf, isUniqueViolation, pgPool, sqliteHandle } from '../../../db/dialect.ts';
import {
  BALLOT_COLUMNS,
  ISSUE_COLUMNS,
  sqliteStatements,
  WRITE_COLUMNS,
} from './campaign.ballots.sqlite.repository.ts';
import type { DuplicateRef } from './campaign.validation.cross.ts';

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
