// The one place that knows which SQL engine is underneath. Everything dialect-specific branches here.
import type BetterSqlite3 from 'better-sqlite3';
import { type Kysely, PostgresAdapter } from 'kysely';
import type pg from 'pg';

export type DialectName = 'sqlite' | 'postgres';

interface RawHandle {
  dialect: DialectName;
  sqlite?: BetterSqlite3.Database;
  pool?: pg.Pool;
}

const handles = new WeakMap<object, RawHandle>();

export function registerHandle(db: Kysely<any>, handle: RawHandle): void {
  handles.set(db, handle);
}

export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** The better-sqlite3 connection behind a root Kysely instance, for bulk loads and hot prepared lookups. */
export function sqliteHandle(db: Kysely<any>): BetterSqlite3.Database {
  const h = handles.get(db)?.sqlite;
  if (!h) throw new Error('not a root SQLite database handle');
  return h;
}

/** The pg pool behind a root Kysely instance, for COPY. */
export function pgPool(db: Kysely<any>): pg.Pool {
  const p = handles.get(db)?.pool;
  if (!p) throw new Error('not a root PostgreSQL database handle');
  return p;
}

/** True when the error is a unique-constraint violation, in either engine. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/**
 * A prefix condition usable by an index: GLOB on SQLite (LIKE ignores case there and skips the index),
 * LIKE with a text_pattern_ops index on PostgreSQL. The prefix must be folded text (no wildcard characters
 * are expected; they are escaped or stripped anyway).
 */
export function prefixPattern(db: Kysely<any>, prefix: string): { op: 'glob' | 'like'; pattern: string } {
  if (dialectOf(db) === 'postgres') {
    return { op: 'like', pattern: `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%` };
  }
  return { op: 'glob', pattern: `${prefix.replace(/[*?[\]]/g, '')}*` };
}
