// SQL of the face photos captured for cards (table card_photo). Photos are never changed: a new capture is a
// new row, and a reissue for a lost or damaged card reuses the latest one.
import type { Insertable, Selectable } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import type { CardPhotoTable } from './card.table.ts';

export type PhotoRow = Selectable<CardPhotoTable>;

function normalize(r: PhotoRow): PhotoRow {
  // PostgreSQL returns bigint ids as strings; both drivers return bytes as a Buffer.
  return { ...r, id: Number(r.id), person_id: Number(r.person_id), bytes: new Uint8Array(r.bytes) };
}

export async function insertPhoto(db: DbOrTrx, row: Insertable<CardPhotoTable>): Promise<number> {
  const r = await db.insertInto('card_photo').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function findPhoto(db: DbOrTrx, id: number): Promise<PhotoRow | undefined> {
  const r = await db.selectFrom('card_photo').selectAll().where('id', '=', id).executeTakeFirst();
  return r && normalize(r);
}

/** The id of the person's latest captured photo (placeholders included), if any. */
export async function latestPhotoId(db: DbOrTrx, personId: number): Promise<number | undefined> {
  const r = await db
    .selectFrom('card_photo')
    .select('id')
    .where('person_id', '=', personId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? Number(r.id) : undefined;
}
