// Column-type differences between the two engines, for migrations only (migrations import no app code).
import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter } from 'kysely';

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** A 64-bit identifier column; on SQLite the INTEGER PRIMARY KEY rowid alias. */
export function idType(db: Kysely<any>): 'bigint' | 'integer' {
  return isPostgres(db) ? 'bigint' : 'integer';
}

/** An auto-increment primary key. */
export function serialId(
  db: Kysely<any>,
): [type: 'bigserial' | 'integer', build: (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder] {
  return isPostgres(db) ? ['bigserial', (c) => c.primaryKey()] : ['integer', (c) => c.primaryKey().autoIncrement()];
}
