// The SQLite statements of ballot intake, prepared once per connection, and the column layouts they share with the
// PostgreSQL COPY of the bulk writer (campaign.ballots.write.repository.ts).
import type BetterSqlite3 from 'better-sqlite3';

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

export function sqliteStatements(h: BetterSqlite3.Database): SqliteStatements {
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
export const BATCH_COLUMNS = [
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
export const BALLOT_OWN_COLUMNS = [
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
export const WRITE_COLUMNS = [...BATCH_COLUMNS, ...BALLOT_OWN_COLUMNS, 'data'] as const;
if ([...WRITE_COLUMNS].sort().join() !== ['id', ...BALLOT_COLUMNS].sort().join())
  throw new Error('the write layout of ballots must name every ballot column once');
