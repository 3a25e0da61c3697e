// Bulk writes of new persons (the `popreg load` path and, later, large imports): prepared statements in large
// transactions on SQLite, COPY on PostgreSQL. Ids are reserved ahead so rows can be built before writing.
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { copyInto } from '../../db/copy.ts';
import type { Db } from '../../db/database.ts';
import { dialectOf, pgPool, sqliteHandle } from '../../db/dialect.ts';
import type { PersonProjection } from './registry.repository.ts';

/** What a registration change records besides the state. */
export interface BulkMeta {
  recordedAt: string;
  recordedBy: string;
  event: string;
  reason: string | null;
}

/** One new person as the value lists of its three rows (the id goes in first position of `person` and `change`). */
export interface BulkRow {
  person: unknown[];
  change: unknown[];
  pin: string;
  /** The ballot id, recorded when the PIN was allocated at load. */
  ballot: string | null;
}

/** Builds the rows of a new person with id 0; `setBulkRowId` fills it in once ids are reserved. */
export function bulkRow(
  p: PersonProjection,
  validFrom: string,
  sourceDoc: string | null,
  meta: BulkMeta,
  ballot: string | null,
): BulkRow {
  return {
    person: [
      0,
      p.pin,
      p.full_name,
      p.name_folded,
      p.dob,
      p.birth_year,
      p.sex,
      p.status,
      p.res_unit,
      p.res_province,
      p.household_code,
      p.old_id_number,
      1,
      meta.recordedAt,
      meta.recordedAt,
      p.data,
    ],
    // The registration change sets every field: the same compact JSON as the current state.
    change: [0, 1, validFrom, meta.recordedAt, meta.recordedBy, meta.event, meta.reason, sourceDoc, p.data],
    pin: p.pin,
    ballot,
  };
}

export function setBulkRowId(r: BulkRow, id: number): void {
  r.person[0] = id;
  r.change[0] = id;
}

export interface BulkHousehold {
  code: string;
  unit_code: string | null;
  address: string | null;
  created_at: string;
}

export interface BulkWriter {
  /** Reserves `n` person ids (ascending; consecutive on SQLite, not always on PostgreSQL). */
  reserveIds(n: number): Promise<number[]>;
  /** The subset of `pins` already present (active or cancelled). */
  existingPins(pins: string[]): Promise<Set<string>>;
  /** The subset of ballot ids already loaded without a PIN. */
  loadedBallots(ids: string[]): Promise<Set<string>>;
  /** Writes one batch atomically; `issuedAt` is the PIN issue time. */
  write(persons: BulkRow[], households: BulkHousehold[], issuedAt: string): Promise<void>;
}

export const PERSON_COLUMNS = [
  'id',
  'pin',
  'full_name',
  'name_folded',
  'dob',
  'birth_year',
  'sex',
  'status',
  'res_unit',
  'res_province',
  'household_code',
  'old_id_number',
  'version',
  'created_at',
  'updated_at',
  'data',
] as const;
export const CHANGE_COLUMNS = [
  'person_id',
  'seq',
  'valid_from',
  'recorded_at',
  'recorded_by',
  'event',
  'reason',
  'source_doc',
  'changes',
] as const;
export const PIN_COLUMNS = ['pin', 'person_id', 'status', 'issued_at'] as const;

export function openBulkWriter(db: Db): BulkWriter {
  return dialectOf(db) === 'postgres' ? postgresWriter(pgPool(db)) : sqliteWriter(sqliteHandle(db));
}

function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

function sqliteWriter(h: BetterSqlite3.Database): BulkWriter {
  const insPerson = h.prepare(
    `INSERT INTO person (${PERSON_COLUMNS.join(', ')}) VALUES (${placeholders(PERSON_COLUMNS.length)})`,
  );
  const insChange = h.prepare(
    `INSERT INTO person_change (${CHANGE_COLUMNS.join(', ')}) VALUES (${placeholders(CHANGE_COLUMNS.length)})`,
  );
  const insPin = h.prepare(
    `INSERT INTO person_pin (${PIN_COLUMNS.join(', ')}) VALUES (${placeholders(PIN_COLUMNS.length)})`,
  );
  const insHousehold = h.prepare(
    'INSERT OR IGNORE INTO household (code, unit_code, address, created_at) VALUES (?, ?, ?, ?)',
  );
  const hasPin = h.prepare('SELECT 1 FROM person_pin WHERE pin = ?').pluck();
  const hasBallot = h.prepare('SELECT 1 FROM load_ballot WHERE ballot_id = ?').pluck();
  const insBallot = h.prepare('INSERT INTO load_ballot (ballot_id, person_id) VALUES (?, ?)');
  const maxId = h.prepare('SELECT coalesce(max(id), 0) FROM person').pluck();
  let next = 0;
  const writeAll = h.transaction((persons: BulkRow[], households: BulkHousehold[], issuedAt: string) => {
    for (const x of households) insHousehold.run(x.code, x.unit_code, x.address, x.created_at);
    for (const p of persons) {
      insPerson.run(p.person);
      insChange.run(p.change);
      insPin.run(p.pin, p.person[0], 'active', issuedAt);
      if (p.ballot) insBallot.run(p.ballot, p.person[0]);
    }
  });
  return {
    async reserveIds(n) {
      // One writer at a time on SQLite: the loader holds the only write path while it runs.
      if (next === 0) next = (maxId.get() as number) + 1;
      const first = next;
      next += n;
      return Array.from({ length: n }, (_, i) => first + i);
    },
    async existingPins(pins) {
      return new Set(pins.filter((p) => hasPin.get(p) !== undefined));
    },
    async loadedBallots(ids) {
      return new Set(ids.filter((b) => hasBallot.get(b) !== undefined));
    },
    async write(persons, households, issuedAt) {
      writeAll(persons, households, issuedAt);
    },
  };
}

function postgresWriter(pool: pg.Pool): BulkWriter {
  return {
    async reserveIds(n) {
      // One nextval per id: moving the sequence with setval(nextval() + n - 1) would hand out a block that overlaps
      // ids another session takes between the two calls (a concurrent load, or a person created meanwhile).
      const r = await pool.query<{ id: number }>(
        `SELECT nextval(pg_get_serial_sequence('person', 'id'))::bigint AS id FROM generate_series(1, $1)`,
        [n],
      );
      return r.rows.map((x) => Number(x.id)).sort((a, b) => a - b);
    },
    async existingPins(pins) {
      if (pins.length === 0) return new Set();
      const r = await pool.query<{ pin: string }>('SELECT pin FROM person_pin WHERE pin = ANY($1)', [pins]);
      return new Set(r.rows.map((x) => x.pin));
    },
    async loadedBallots(ids) {
      if (ids.length === 0) return new Set();
      const r = await pool.query<{ ballot_id: string }>('SELECT ballot_id FROM load_ballot WHERE ballot_id = ANY($1)', [
        ids,
      ]);
      return new Set(r.rows.map((x) => x.ballot_id));
    },
    async write(persons, households, issuedAt) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        if (households.length) {
          const values = households.flatMap((x) => [x.code, x.unit_code, x.address, x.created_at]);
          for (let i = 0; i < households.length; i += 5000) {
            const part = households.slice(i, i + 5000);
            const params = part
              .map((_, j) => `($${j * 4 + 1}, $${j * 4 + 2}, $${j * 4 + 3}, $${j * 4 + 4})`)
              .join(', ');
            await client.query(
              `INSERT INTO household (code, unit_code, address, created_at) VALUES ${params} ON CONFLICT (code) DO NOTHING`,
              values.slice(i * 4, (i + part.length) * 4),
            );
          }
        }
        await copyInto(
          client,
          'person',
          PERSON_COLUMNS,
          persons.map((p) => p.person),
        );
        await copyInto(
          client,
          'person_change',
          CHANGE_COLUMNS,
          persons.map((p) => p.change),
        );
        await copyInto(
          client,
          'person_pin',
          PIN_COLUMNS,
          persons.map((p) => [p.pin, p.person[0], 'active', issuedAt]),
        );
        await copyInto(
          client,
          'load_ballot',
          ['ballot_id', 'person_id'],
          persons.filter((p) => p.ballot).map((p) => [p.ballot, p.person[0]]),
        );
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
  };
}
