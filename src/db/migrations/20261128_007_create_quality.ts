import type { Kysely } from 'kysely';
import { idType, isPostgres, serialId } from './_dialect.ts';

// Data-quality scores per locality: one row per computation, and the tallies of every unit (commune, province,
// nation) it produced. Tallies are counts and sums rather than ratios, so that roll-ups stay exact.
export async function up(db: Kysely<any>): Promise<void> {
  const id = idType(db);
  const [serialType, serialBuild] = serialId(db);
  // SQLite's REAL is already 8 bytes; PostgreSQL's is 4.
  const double = isPostgres(db) ? 'double precision' : 'real';

  await db.schema
    .createTable('quality_snapshot')
    .addColumn('id', serialType, serialBuild)
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addColumn('computed_by', 'text', (c) => c.notNull())
    // The registry's "today" the scores were computed for (ages, the five-year confirmation window).
    .addColumn('today', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('persons', 'integer', (c) => c.notNull())
    // When the last finished deduplication run ended; null: deduplication has never run (no clean score).
    .addColumn('dedup_finished_at', 'text')
    .execute();

  await db.schema
    .createTable('quality_snapshot_unit')
    .addColumn('snapshot_id', id, (c) => c.notNull().references('quality_snapshot.id'))
    // nation | province | commune
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('province_code', 'text')
    .addColumn('persons', 'integer', (c) => c.notNull())
    .addColumn('correct', 'integer', (c) => c.notNull())
    .addColumn('complete_sum', double, (c) => c.notNull())
    .addColumn('confirmed', 'integer', (c) => c.notNull())
    .addColumn('over_110', 'integer', (c) => c.notNull())
    .addColumn('open_pairs', 'integer', (c) => c.notNull())
    .addColumn('suspects', 'integer', (c) => c.notNull())
    // JSON objects: validation rule → persons breaking it; field → persons missing it.
    .addColumn('violations', 'text', (c) => c.notNull())
    .addColumn('missing', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('quality_snapshot_unit_pk', ['snapshot_id', 'level', 'code'])
    .execute();
  // The trend of one unit across runs.
  await db.schema
    .createIndex('quality_snapshot_unit_code_idx')
    .on('quality_snapshot_unit')
    .columns(['code', 'snapshot_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['quality_snapshot_unit', 'quality_snapshot']) await db.schema.dropTable(t).execute();
}
