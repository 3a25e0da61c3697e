// A fresh, migrated database per test file, on the engine chosen by POPREG_TEST_DB (sqlite | postgres).
// PostgreSQL: a new database is created on the server at POPREG_TEST_PG and dropped afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { connect } from '../../src/db/connect.ts';
import type { Db } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { ensureAuditKey } from '../../src/modules/audit/audit.key.ts';

export const TEST_DIALECT: 'sqlite' | 'postgres' = process.env.POPREG_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

export interface TestDatabase {
  db: Db;
  url: string;
  destroy(): Promise<void>;
}

/** Creates an empty database (no migrations) and returns its URL and a cleanup function. */
export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (TEST_DIALECT === 'postgres') {
    const admin = process.env.POPREG_TEST_PG;
    if (!admin) throw new Error('POPREG_TEST_DB=postgres needs POPREG_TEST_PG (an admin connection URL)');
    const name = `popreg_t_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async drop() {
        const c = new pg.Client({ connectionString: admin });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'popreg-db-'));
  return {
    url: `sqlite:${join(dir, 'test.db')}`,
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const empty = await createEmptyDatabase();
  // The audit key exists before anything appends, as after `popreg init`: services built in the test and popreg
  // commands run as child processes then find the same key from the start, whatever order they run in.
  ensureAuditKey({ db: empty.url });
  const db = connect(empty.url, { poolSize: 5 });
  await migrateToLatest(db);
  return {
    db,
    url: empty.url,
    async destroy() {
      await db.destroy();
      await empty.drop();
    },
  };
}
