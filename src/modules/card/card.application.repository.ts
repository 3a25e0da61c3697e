// SQL of card applications (table card_application). Status changes are compare-and-swaps on `version`, so two
// officers acting on the same application at once cannot both succeed.
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import type { CardApplicationStatus, CardApplicationTable } from './card.table.ts';

export type ApplicationRow = Selectable<CardApplicationTable>;

/** Applications still on their way to a card (not issued, refused or cancelled). */
export const OPEN_APPLICATION: readonly CardApplicationStatus[] = [
  'received',
  'approved',
  'in_production',
  'produced',
  'delivered',
];

const num = (x: number | null) => (x === null ? null : Number(x));

function normalize(r: ApplicationRow): ApplicationRow {
  // PostgreSQL returns bigint ids as strings.
  return {
    ...r,
    id: Number(r.id),
    person_id: Number(r.person_id),
    photo_id: num(r.photo_id),
    batch_id: num(r.batch_id),
    card_id: num(r.card_id),
    replaces_card_id: num(r.replaces_card_id),
  };
}

export async function insertApplication(db: DbOrTrx, row: Insertable<CardApplicationTable>): Promise<number> {
  const r = await db.insertInto('card_application').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function findApplication(db: DbOrTrx, id: number): Promise<ApplicationRow | undefined> {
  const r = await db.selectFrom('card_application').selectAll().where('id', '=', id).executeTakeFirst();
  return r && normalize(r);
}

export async function findApplicationByCard(db: DbOrTrx, cardId: number): Promise<ApplicationRow | undefined> {
  const r = await db.selectFrom('card_application').selectAll().where('card_id', '=', cardId).executeTakeFirst();
  return r && normalize(r);
}

/** The person's applications that have not ended (see OPEN_APPLICATION), oldest first. */
export async function openApplicationsOf(db: DbOrTrx, personId: number): Promise<ApplicationRow[]> {
  const rows = await db
    .selectFrom('card_application')
    .selectAll()
    .where('person_id', '=', personId)
    .where('status', 'in', [...OPEN_APPLICATION])
    .orderBy('id')
    .execute();
  return rows.map(normalize);
}

/** Sets `patch` when the application is still at `version`; false when someone changed it meanwhile. */
export async function updateApplicationIfVersion(
  db: DbOrTrx,
  id: number,
  version: number,
  patch: Omit<Updateable<CardApplicationTable>, 'id' | 'version'>,
): Promise<boolean> {
  const r = await db
    .updateTable('card_application')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface ApplicationFilter {
  status?: CardApplicationStatus;
  /** A commune code (unit_code) or a province code (province_code), by its length. */
  unit?: string;
  personId?: number;
  /** Only ids below this (the page cursor: newest first). */
  beforeId?: number;
  limit: number;
}

/** Applications newest first. */
export async function listApplications(db: DbOrTrx, f: ApplicationFilter): Promise<ApplicationRow[]> {
  let q = db.selectFrom('card_application').selectAll();
  if (f.status) q = q.where('status', '=', f.status);
  if (f.unit) q = q.where(f.unit.length === 2 ? 'province_code' : 'unit_code', '=', f.unit);
  if (f.personId !== undefined) q = q.where('person_id', '=', f.personId);
  if (f.beforeId !== undefined) q = q.where('id', '<', f.beforeId);
  const rows = await q.orderBy('id', 'desc').limit(f.limit).execute();
  return rows.map(normalize);
}
