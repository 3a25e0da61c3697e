// Appending to the chain: the one hot write path of the audit trail. Every append first advances the one-row
// audit_head with a compare-and-set on the head this process believes in (cached), so that
//  - writers in several processes are serialised by the row/database write lock, and
//  - a stale cache (another process appended, or a caller's transaction rolled back) is noticed in the same
//    transaction: the compare fails, the head is read under the lock, and the entries are chained again.
// SQLite uses prepared statements on the raw better-sqlite3 handle (one synchronous transaction, no Kysely
// round trips); PostgreSQL sends one statement (the head update and the insert in one CTE).
// The head update also checks the switch-over row (audit_keying) at no extra round trip: with a key, the row must
// name this key; without one, there must be no row. When it does not hold, the slow path (under the head lock)
// writes the row with the first keyed append, or refuses: a process without the key never appends plain entries
// to a keyed trail, and one with another key never appends at all.
import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { Db, DbOrTrx, Trx } from '../../db/database.ts';
import { dialectOf, sqliteHandle } from '../../db/dialect.ts';
import {
  type AuditRow,
  type ChainHead,
  chainEntries,
  entryHash,
  type Hasher,
  headOf,
  keyedHasher,
  type PendingEntry,
} from './audit.chain.ts';
import type { AuditKey } from './audit.key.ts';
import { keyingOf, keyMismatch, keyMissing, newKeyingRow } from './audit.keying.ts';

export interface Appender {
  /** True when an append runs to completion without yielding (SQLite): batching then needs a deferred flush. */
  readonly synchronous: boolean;
  /** Appends the entries in order, on their own or inside `trx` (then they commit or roll back with it). */
  append(pending: readonly PendingEntry[], trx?: Trx): Promise<AuditRow[]>;
}

export const ENTRY_COLUMNS = [
  'seq',
  'at',
  'actor',
  'actor_kind',
  'roles',
  'action',
  'outcome',
  'person_id',
  'pin',
  'fields',
  'purpose',
  'client',
  'details',
  'prev_hash',
  'hash',
] as const satisfies readonly (keyof AuditRow)[];

/** The row's values in ENTRY_COLUMNS order. */
function valuesOf(r: AuditRow): unknown[] {
  return ENTRY_COLUMNS.map((c) => r[c]);
}

/** PostgreSQL: at most this many entries per statement (15 parameters each, under the 65,535 limit). */
const PG_BATCH = 1000;

/** How entries are bound: with the key (HMAC), or plain SHA-256 while the trail has never been keyed. */
export interface Binding {
  key: AuditKey | undefined;
  /** Where the key was looked for (for the error when it is missing). */
  lookedAt: string;
}

export function openAppender(db: Db, binding: Binding = { key: undefined, lookedAt: 'nowhere' }): Appender {
  return dialectOf(db) === 'postgres' ? postgresAppender(db, binding) : sqliteAppender(db, binding);
}

/** The head update's extra condition: the switch-over row fits this binding. */
function keyingCondition(b: Binding): string {
  return b.key
    ? 'EXISTS (SELECT 1 FROM audit_keying WHERE id = 1 AND key_id = ?)'
    : 'NOT EXISTS (SELECT 1 FROM audit_keying)';
}

type KeyingRow = { keyed_from: number; key_id: string; mac: string } | undefined;

/**
 * Under the head lock, when the condition failed: with a key and no switch-over yet, returns the row to write
 * (the next entry is the first keyed one); otherwise throws why this process may not append.
 */
function keyingToWrite(b: Binding, row: KeyingRow, head: ChainHead) {
  if (!b.key) {
    if (row) throw keyMissing(keyingOf(row), b.lookedAt);
    return undefined;
  }
  if (row) {
    if (row.key_id !== b.key.id) throw keyMismatch(keyingOf(row), b.key);
    return undefined;
  }
  return newKeyingRow(b.key, head.seq, new Date());
}

function missingHead(): Error {
  return new Error('audit_head row is missing: the audit trail cannot be appended to (run the migrations)');
}

function sqliteAppender(db: Db, binding: Binding): Appender {
  let cached: ChainHead | undefined;
  let prepared: ReturnType<typeof prepare> | undefined;
  const hash: Hasher = binding.key ? keyedHasher(binding.key) : entryHash;
  const keyArgs = binding.key ? [binding.key.id] : [];

  function prepare(h: BetterSqlite3.Database) {
    const readHead = h.prepare('SELECT seq, hash FROM audit_head WHERE id = 1');
    const readKeying = h.prepare('SELECT keyed_from, key_id, mac FROM audit_keying WHERE id = 1');
    const writeKeying = h.prepare(
      'INSERT INTO audit_keying (id, keyed_from, key_id, mac, created_at) VALUES (@id, @keyed_from, @key_id, @mac, @created_at)',
    );
    const advance = h.prepare(
      `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1 AND seq = ? AND hash = ? AND ${keyingCondition(binding)}`,
    );
    const insert = h.prepare(
      `INSERT INTO audit_entry (${ENTRY_COLUMNS.join(', ')}) VALUES (${ENTRY_COLUMNS.map(() => '?').join(', ')})`,
    );
    const tryAppend = (head: ChainHead, pending: readonly PendingEntry[]): AuditRow[] | undefined => {
      const rows = chainEntries(head, pending, hash);
      const next = headOf(rows);
      // The first statement writes: the transaction takes the write lock here (waiting out busy_timeout).
      if (advance.run(next.seq, next.hash, head.seq, head.hash, ...keyArgs).changes !== 1) return undefined;
      for (const r of rows) insert.run(valuesOf(r));
      return rows;
    };
    const write = h.transaction((pending: readonly PendingEntry[]): AuditRow[] => {
      const fast = cached && tryAppend(cached, pending);
      if (fast) return fast;
      // Under BEGIN IMMEDIATE the write lock is held, so this head cannot move before the update below. In a
      // caller's transaction that has not written yet, SQLite refuses the update if this snapshot is stale.
      const head = readHead.get() as ChainHead | undefined;
      if (!head) throw missingHead();
      const keying = keyingToWrite(binding, readKeying.get() as KeyingRow, head);
      if (keying) writeKeying.run(keying);
      const rows = tryAppend(head, pending);
      if (!rows) throw new Error('audit_head changed under the write lock');
      return rows;
    });
    return { h, write };
  }

  return {
    synchronous: true,
    async append(pending, trx) {
      if (pending.length === 0) return [];
      prepared ??= prepare(sqliteHandle(db));
      const { h, write } = prepared;
      let rows: AuditRow[];
      if (trx) {
        // The caller's transaction is open on this (single) connection: join it (better-sqlite3 nests a savepoint).
        if (!h.inTransaction) throw new Error('recordIn: the transaction given is not open on this database');
        rows = write(pending);
      } else if (h.inTransaction) {
        // Another Kysely transaction of this process is open on the connection: wait for it (Kysely's connection
        // lock) instead of writing inside it, where a rollback would take the entry with it.
        rows = await db.connection().execute(async () => write.immediate(pending));
      } else {
        rows = write.immediate(pending);
      }
      const next = headOf(rows);
      if (!cached || next.seq >= cached.seq) cached = next; // an older concurrent append never rewinds it
      return rows;
    },
  };
}

function postgresAppender(db: Db, binding: Binding): Appender {
  let cached: ChainHead | undefined;
  const hash: Hasher = binding.key ? keyedHasher(binding.key) : entryHash;
  const keyed = binding.key
    ? sql`EXISTS (SELECT 1 FROM audit_keying WHERE id = 1 AND key_id = ${binding.key.id})`
    : sql`NOT EXISTS (SELECT 1 FROM audit_keying)`;

  const readHead = async (ex: DbOrTrx, lock: boolean): Promise<ChainHead> => {
    const q = ex.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1);
    const head = await (lock ? q.forUpdate() : q).executeTakeFirst();
    if (!head) throw missingHead();
    return { seq: Number(head.seq), hash: head.hash };
  };

  /** One statement: advance the head if it is still `head`, and insert the rows only if it was. */
  const tryAppend = async (ex: DbOrTrx, head: ChainHead, pending: readonly PendingEntry[]) => {
    const rows = chainEntries(head, pending, hash);
    const next = headOf(rows);
    const values = rows.map(
      (r) =>
        sql`(${r.seq}::bigint, ${r.at}, ${r.actor}, ${r.actor_kind}, ${r.roles}, ${r.action}, ${r.outcome}, ${r.person_id}::bigint, ${r.pin}, ${r.fields}, ${r.purpose}, ${r.client}, ${r.details}, ${r.prev_hash}, ${r.hash})`,
    );
    const cols = sql.raw(ENTRY_COLUMNS.join(', '));
    const res = await sql<{ seq: number }>`
      WITH h AS (
        UPDATE audit_head SET seq = ${next.seq}, hash = ${next.hash}
        WHERE id = 1 AND seq = ${head.seq} AND hash = ${head.hash} AND ${keyed}
        RETURNING 1
      )
      INSERT INTO audit_entry (${cols})
      SELECT v.* FROM (VALUES ${sql.join(values)}) AS v (${cols}) WHERE EXISTS (SELECT 1 FROM h)
      RETURNING seq`.execute(ex);
    return res.rows.length === rows.length ? rows : undefined;
  };

  /** Appends under the head row lock: cannot miss. */
  const appendLocked = async (trx: Trx, pending: readonly PendingEntry[]): Promise<AuditRow[]> => {
    const head = await readHead(trx, true);
    const row = await trx
      .selectFrom('audit_keying')
      .select(['keyed_from', 'key_id', 'mac'])
      .where('id', '=', 1)
      .executeTakeFirst();
    const keying = keyingToWrite(binding, row, head);
    if (keying) await trx.insertInto('audit_keying').values(keying).execute();
    const rows = await tryAppend(trx, head, pending);
    if (!rows) throw new Error('audit_head changed under its row lock');
    return rows;
  };

  const appendBatch = async (pending: readonly PendingEntry[], trx?: Trx): Promise<AuditRow[]> => {
    const ex = trx ?? db;
    const head = cached ?? (await readHead(ex, false));
    const rows =
      (await tryAppend(ex, head, pending)) ??
      (trx ? await appendLocked(trx, pending) : await db.transaction().execute((t) => appendLocked(t, pending)));
    const next = headOf(rows);
    if (!cached || next.seq >= cached.seq) cached = next; // an older concurrent append never rewinds it
    return rows;
  };

  return {
    synchronous: false,
    async append(pending, trx) {
      if (pending.length <= PG_BATCH) return pending.length === 0 ? [] : appendBatch(pending, trx);
      // A large batch is written in one transaction of several statements so it stays all-or-nothing.
      const run = async (t: Trx) => {
        const out: AuditRow[] = [];
        for (let i = 0; i < pending.length; i += PG_BATCH) {
          out.push(...(await appendBatch(pending.slice(i, i + PG_BATCH), t)));
        }
        return out;
      };
      return trx ? run(trx) : db.transaction().execute(run);
    },
  };
}
