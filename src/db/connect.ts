// Opens a database from a URL: `sqlite:<path>` (or `sqlite::memory:`) or `postgres://…`.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database, Db } from './database.ts';
import { registerHandle } from './dialect.ts';

// PostgreSQL returns int8 (count(*), bigint ids) as strings; every such value here fits in a JS number.
pg.types.setTypeParser(20, (v: string) => Number(v));

export function isPostgresUrl(url: string): boolean {
  return url.startsWith('postgres://') || url.startsWith('postgresql://');
}

export function sqlitePathOf(url: string): string {
  if (!url.startsWith('sqlite:'))
    throw new Error(`unsupported database URL "${url}": use sqlite:<path> or postgres://…`);
  return url.slice('sqlite:'.length);
}

export function connect(url: string, options: { poolSize?: number } = {}): Db {
  if (isPostgresUrl(url)) {
    // JIT off: every query here is short and index-driven, and the planner compiles one whenever its row estimate
    // is high (stale statistics during a bulk import made each batch lookup pay ~80 ms of compilation). A URL that
    // sets its own `options` keeps them.
    const own = new URL(url).searchParams.has('options');
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      ...(own ? {} : { options: '-c jit=off' }),
    });
    // An idle pooled connection that dies (server restart, a dropped database) is discarded by the pool; without
    // a listener the 'error' event would crash the process.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    registerHandle(db, { dialect: 'postgres', pool });
    return db;
  }
  const path = sqlitePathOf(url);
  if (path !== ':memory:' && path !== '') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path === '' ? ':memory:' : path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('cache_size = -65536');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  registerHandle(db, { dialect: 'sqlite', sqlite });
  return db;
}

/** Resolves once the database answers a trivial query (the readiness probe); rejects with the driver's error. */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
