// All SQL of the registry: persons (current state), the change history, PINs and households.
import { type Insertable, type Selectable, sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import { prefixPattern } from '../../db/dialect.ts';
import type { PersonChange } from './person.model.ts';
import type { HouseholdTable, PersonChangeTable, PersonPinTable, PersonTable } from './registry.table.ts';

export type PersonRow = Selectable<PersonTable>;
export type NewPersonRow = Omit<Insertable<PersonTable>, 'id'>;
export type PinRow = Selectable<PersonPinTable>;
export type HouseholdRow = Selectable<HouseholdTable>;

/** Columns of the current-state table that are derived from the state (everything but identity and times). */
export type PersonProjection = Pick<
  PersonTable,
  | 'pin'
  | 'full_name'
  | 'name_folded'
  | 'dob'
  | 'birth_year'
  | 'sex'
  | 'status'
  | 'res_unit'
  | 'res_province'
  | 'household_code'
  | 'old_id_number'
  | 'data'
>;

/** A change row to insert (its id is generated). */
export type NewChange = Omit<Insertable<PersonChangeTable>, 'id'>;

/** The person whose active PIN this is; a person retired by a merge is not found (its PIN is an alias). */
export async function findPersonByPin(db: DbOrTrx, pin: string): Promise<PersonRow | undefined> {
  return db.selectFrom('person').selectAll().where('pin', '=', pin).where('status', '<>', 'merged').executeTakeFirst();
}

export async function findPersonById(db: DbOrTrx, id: number): Promise<PersonRow | undefined> {
  return db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPin(db: DbOrTrx, pin: string): Promise<PinRow | undefined> {
  return db.selectFrom('person_pin').selectAll().where('pin', '=', pin).executeTakeFirst();
}

export async function pinsOfPerson(db: DbOrTrx, personId: number): Promise<PinRow[]> {
  return db.selectFrom('person_pin').selectAll().where('person_id', '=', personId).orderBy('issued_at').execute();
}

/** Persons merged into the holder of `survivorPin` (merges not undone): their id and retired PIN. */
export async function mergedInto(db: DbOrTrx, survivorPin: string): Promise<{ personId: number; pin: string }[]> {
  const rows = await db
    .selectFrom('person_pin')
    .select(['person_id', 'pin'])
    .where('status', '=', 'merged')
    .where('replaced_by', '=', survivorPin)
    .orderBy('person_id')
    .execute();
  return rows.map((r) => ({ personId: Number(r.person_id), pin: r.pin }));
}

export async function listChanges(db: DbOrTrx, personId: number): Promise<PersonChange[]> {
  const rows = await db
    .selectFrom('person_change')
    .select(['seq', 'valid_from', 'recorded_at', 'recorded_by', 'event', 'reason', 'source_doc', 'changes'])
    .where('person_id', '=', personId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    seq: r.seq,
    validFrom: r.valid_from,
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
    event: r.event,
    reason: r.reason,
    sourceDoc: r.source_doc,
    changes: JSON.parse(r.changes),
  }));
}

/** Inserts a person unless the PIN is taken; returns the new id, or undefined on a PIN collision. */
export async function insertPerson(db: DbOrTrx, row: NewPersonRow): Promise<number | undefined> {
  const r = await db
    .insertInto('person')
    .values(row)
    .onConflict((oc) => oc.column('pin').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

/** Reserves a PIN for a person; false when the PIN already exists (active or cancelled). */
export async function insertPin(db: DbOrTrx, row: Insertable<PersonPinTable>): Promise<boolean> {
  const r = await db
    .insertInto('person_pin')
    .values(row)
    .onConflict((oc) => oc.column('pin').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function cancelPin(
  db: DbOrTrx,
  pin: string,
  at: string,
  reason: string,
  replacedBy: string,
): Promise<void> {
  await db
    .updateTable('person_pin')
    .set({ status: 'cancelled', cancelled_at: at, cancel_reason: reason, replaced_by: replacedBy })
    .where('pin', '=', pin)
    .execute();
}

export async function deletePerson(db: DbOrTrx, id: number): Promise<void> {
  await db.deleteFrom('person').where('id', '=', id).execute();
}

export async function insertChanges(db: DbOrTrx, rows: NewChange[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('person_change').values(rows).execute();
}

/**
 * Replaces the current state if the person is still at `expectedVersion` (compare-and-swap); returns false
 * when another writer got there first. Run it as the first write of the transaction so it takes the row lock.
 */
export async function updatePersonIfVersion(
  db: DbOrTrx,
  id: number,
  expectedVersion: number,
  newVersion: number,
  projection: PersonProjection,
  updatedAt: string,
): Promise<boolean> {
  const r = await db
    .updateTable('person')
    .set({ ...projection, version: newVersion, updated_at: updatedAt })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Unit filters: a person matches when in any listed province or commune; callers never pass both empty
 *  when they mean "nowhere" (they return no results without asking). */
export interface SearchFilter {
  nameFolded?: string;
  dob?: string;
  year?: number;
  provinces?: string[];
  communes?: string[];
  /** The actor's jurisdiction: results are always narrowed to it. */
  scope?: { province?: string; commune?: string };
  after?: { name: string; id: number };
  limit: number;
}

export type PersonSummaryRow = Pick<
  PersonRow,
  'id' | 'pin' | 'full_name' | 'name_folded' | 'dob' | 'sex' | 'status' | 'res_unit' | 'res_province' | 'household_code'
>;

export async function searchPersons(db: DbOrTrx, f: SearchFilter): Promise<PersonSummaryRow[]> {
  let q = db
    .selectFrom('person')
    .select([
      'id',
      'pin',
      'full_name',
      'name_folded',
      'dob',
      'sex',
      'status',
      'res_unit',
      'res_province',
      'household_code',
    ])
    .where('status', '<>', 'merged');
  if (f.nameFolded) {
    // Whole-word prefix: "nguyen van an" finds "nguyen van an" and "nguyen van an khang", not "nguyen van anh".
    const { op, pattern } = prefixPattern(db as never, f.nameFolded);
    const word = prefixPattern(db as never, `${f.nameFolded} `).pattern;
    const like = sql.raw(op === 'glob' ? 'GLOB' : 'LIKE');
    q = q
      .where(sql<boolean>`name_folded ${like} ${pattern}`)
      .where(sql<boolean>`(name_folded = ${f.nameFolded} OR name_folded ${like} ${word})`);
  }
  if (f.dob) q = q.where('dob', '=', f.dob);
  if (f.year !== undefined) q = q.where('birth_year', '=', f.year);
  const provinces = f.provinces ?? [];
  const communes = f.communes ?? [];
  if (provinces.length + communes.length > 0) {
    q = q.where((eb) =>
      eb.or([
        ...(provinces.length ? [eb('res_province', 'in', provinces)] : []),
        ...(communes.length ? [eb('res_unit', 'in', communes)] : []),
      ]),
    );
  }
  if (f.scope?.province) q = q.where('res_province', '=', f.scope.province);
  if (f.scope?.commune) q = q.where('res_unit', '=', f.scope.commune);
  if (f.after) {
    const a = f.after;
    q = q.where((eb) =>
      eb.or([eb('name_folded', '>', a.name), eb.and([eb('name_folded', '=', a.name), eb('id', '>', a.id)])]),
    );
  }
  return q.orderBy('name_folded').orderBy('id').limit(f.limit).execute();
}

export async function countByProvince(
  db: DbOrTrx,
): Promise<{ province: string | null; status: string; count: number }[]> {
  const rows = await db
    .selectFrom('person')
    .select((eb) => ['res_province as province', 'status', eb.fn.countAll<number>().as('count')])
    .where('status', '<>', 'merged')
    .groupBy(['res_province', 'status'])
    .execute();
  return rows.map((r) => ({ province: r.province, status: r.status, count: Number(r.count) }));
}

export async function findHousehold(db: DbOrTrx, code: string): Promise<HouseholdRow | undefined> {
  return db.selectFrom('household').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertHousehold(db: DbOrTrx, row: Insertable<HouseholdTable>): Promise<boolean> {
  const r = await db
    .insertInto('household')
    .values(row)
    .onConflict((oc) => oc.column('code').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function householdMembers(db: DbOrTrx, code: string): Promise<PersonRow[]> {
  return db
    .selectFrom('person')
    .selectAll()
    .where('household_code', '=', code)
    .where('status', '<>', 'merged')
    .orderBy('id')
    .execute();
}

/** Persons (not retired by a merge) with this folded name and birth date: the candidates a ballot without PIN
 *  may be about. Folded names drop tone marks, so a hit is a possible match, never an identity. */
export async function findPersonsByNameDob(db: DbOrTrx, nameFolded: string, dob: string): Promise<PersonRow[]> {
  return db
    .selectFrom('person')
    .selectAll()
    .where('name_folded', '=', nameFolded)
    .where('dob', '=', dob)
    .where('status', '<>', 'merged')
    .orderBy('id')
    .limit(20)
    .execute();
}

/** Persons by internal id, in one query (reads of a page of records that point at persons). */
export async function findPersonsByIds(db: DbOrTrx, ids: readonly number[]): Promise<PersonRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('person')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

/** Living persons after `afterId` in id order (scans by other modules through the reader, e.g. the card due list). */
export async function livingPersonsAfter(db: DbOrTrx, afterId: number, limit: number): Promise<PersonRow[]> {
  return db
    .selectFrom('person')
    .selectAll()
    .where('status', '=', 'alive')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}
