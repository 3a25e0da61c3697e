// All SQL of the reference module: replacing the tables wholesale, and reading them back for the catalog.
import type { Insertable } from 'kysely';
import type { Database, Db, DbOrTrx, Trx } from '../../db/database.ts';
import type { ReferenceDataset, ReferenceRows } from './reference.types.ts';

// Declared in reference.types.ts, the module's public types; re-exported here for the files that still import them
// from this repository (other modules must not: .dependency-cruiser.cjs, no-other-modules-repository).
export type { ReferenceDataset, ReferenceRows };

const DATASETS: readonly ReferenceDataset[] = [
  'admin_unit',
  'unit_succession',
  'ethnicity',
  'religion',
  'nationality',
  'pin_province',
];

/** Bound parameters per statement: under SQLite's 32,766 (and PostgreSQL's 65,535). */
const MAX_PARAMS = 30_000;

async function insertChunked<T extends keyof Database & string>(
  db: DbOrTrx,
  table: T,
  rows: readonly Insertable<Database[T]>[],
) {
  const first = rows[0];
  if (!first) return;
  const size = Math.floor(MAX_PARAMS / Object.keys(first).length);
  for (let i = 0; i < rows.length; i += size) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size) as any)
      .execute();
  }
}

/** Deletes and re-inserts every reference table, and logs one load row per dataset. Run inside a transaction. */
export async function replaceReferenceData(
  trx: Trx,
  rows: ReferenceRows,
  loadedAt: string,
): Promise<{ dataset: string; rows: number }[]> {
  for (const table of DATASETS) await trx.deleteFrom(table).execute();
  for (const table of DATASETS) await insertChunked(trx, table, rows[table]);
  const loads = DATASETS.map((dataset) => ({ dataset, rows: rows[dataset].length }));
  await trx
    .insertInto('reference_load')
    .values(loads.map((l) => ({ ...l, loaded_at: loadedAt })))
    .execute();
  return loads;
}

/**
 * Every reference row, read in one repeatable-read transaction so that a reload committed meanwhile is seen
 * whole or not at all (SQLite transactions are snapshots already).
 */
export async function readReferenceData(db: Db): Promise<ReferenceRows> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => ({
      admin_unit: await trx.selectFrom('admin_unit').selectAll().orderBy('code').orderBy('valid_from').execute(),
      unit_succession: await trx
        .selectFrom('unit_succession')
        .selectAll()
        .orderBy('old_code')
        .orderBy('new_code')
        .execute(),
      ethnicity: await trx.selectFrom('ethnicity').selectAll().orderBy('code').execute(),
      religion: await trx.selectFrom('religion').selectAll().orderBy('code').execute(),
      nationality: await trx.selectFrom('nationality').selectAll().orderBy('code').execute(),
      pin_province: await trx.selectFrom('pin_province').selectAll().orderBy('pin_code').execute(),
    }));
}

/** True once `popreg init` has loaded the units. */
export async function hasReferenceData(db: DbOrTrx): Promise<boolean> {
  const row = await db.selectFrom('admin_unit').select('code').limit(1).executeTakeFirst();
  return row !== undefined;
}
