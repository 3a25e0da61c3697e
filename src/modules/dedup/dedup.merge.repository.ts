// SQL of merges: the rows a merge changes (read for the snapshot, then changed), their exact restoration on
// unmerge, and the merge records themselves.
import { type Selectable, sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import type { PersonRow, PinRow } from '../registry/registry.tx.ts';
import type { PersonMergeTable } from './dedup.table.ts';

export type MergeRow = Selectable<PersonMergeTable>;

/**
 * Other persons whose state names `pin` (as father, mother, spouse, child, representative…). Found by a scan of
 * the stored states for the quoted PIN, then checked field by field by the caller: a merge is rare and the scan
 * needs no index kept on every write.
 */
export async function personsNamingPin(db: DbOrTrx, pin: string, exclude: readonly number[]): Promise<PersonRow[]> {
  if (!/^\d{12}$/.test(pin)) return [];
  let qb = db
    .selectFrom('person')
    .selectAll()
    .where('data', 'like', `%"pin":"${pin}"%`)
    .where('status', '<>', 'merged');
  if (exclude.length > 0) qb = qb.where('id', 'not in', [...exclude]);
  return qb.orderBy('id').execute();
}

/** Takes the person's row (a row lock on PostgreSQL) if it is still at `version`; false when it moved on. */
export async function holdVersion(db: DbOrTrx, id: number, version: number): Promise<boolean> {
  const r = await db
    .updateTable('person')
    .set({ version: sql<number>`version` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Marks a person retired by a merge, if it is still at `version` and not retired already. */
export async function retirePerson(db: DbOrTrx, id: number, version: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('person')
    .set({ status: 'merged', updated_at: at })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '<>', 'merged')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Makes a retired person's PIN an alias of the survivor's. */
export async function aliasPin(
  db: DbOrTrx,
  pin: string,
  survivorPin: string,
  at: string,
  reason: string,
): Promise<void> {
  await db
    .updateTable('person_pin')
    .set({ status: 'merged', replaced_by: survivorPin, cancelled_at: at, cancel_reason: reason })
    .where('pin', '=', pin)
    .execute();
}

/** Puts a person row back exactly as it was, if the person is at `expectedVersion`; false otherwise. */
export async function restorePersonRow(db: DbOrTrx, row: PersonRow, expectedVersion: number): Promise<boolean> {
  const { id, ...rest } = row;
  const r = await db
    .updateTable('person')
    .set(rest)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function restorePinRow(db: DbOrTrx, row: PinRow): Promise<void> {
  const { pin, ...rest } = row;
  await db.updateTable('person_pin').set(rest).where('pin', '=', pin).execute();
}

/** Removes change rows a merge added (unmerge only: the audit trail keeps both the merge and its undoing). */
export async function deleteChanges(db: DbOrTrx, personId: number, seqs: readonly number[]): Promise<void> {
  if (seqs.length === 0) return;
  await db
    .deleteFrom('person_change')
    .where('person_id', '=', personId)
    .where('seq', 'in', [...seqs])
    .execute();
}

export async function insertMerge(db: DbOrTrx, row: Omit<MergeRow, 'id'>): Promise<number> {
  const r = await db.insertInto('person_merge').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function findMerge(db: DbOrTrx, id: number): Promise<MergeRow | undefined> {
  return db.selectFrom('person_merge').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The merge of a pair that is in force (not undone), if any. */
export async function activeMergeOfPair(db: DbOrTrx, pairId: number): Promise<MergeRow | undefined> {
  return db
    .selectFrom('person_merge')
    .selectAll()
    .where('pair_id', '=', pairId)
    .where('unmerged_at', 'is', null)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function listMerges(db: DbOrTrx, limit: number): Promise<MergeRow[]> {
  return db.selectFrom('person_merge').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

/** Marks a merge undone, if it was not already; false otherwise. */
export async function markUnmerged(db: DbOrTrx, id: number, by: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('person_merge')
    .set({ unmerged_by: by, unmerged_at: at })
    .where('id', '=', id)
    .where('unmerged_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
