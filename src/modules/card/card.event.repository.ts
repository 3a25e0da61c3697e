// SQL of the card event log (table card_event): one row per status change of an application or a card.
import type { Insertable, Selectable } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import type { CardEventTable } from './card.table.ts';

export type CardEventRow = Selectable<CardEventTable>;

export async function insertCardEvent(db: DbOrTrx, row: Insertable<CardEventTable>): Promise<void> {
  await db.insertInto('card_event').values(row).execute();
}

/** The events of a card, or of an application, oldest first. */
export async function eventsOf(db: DbOrTrx, ref: { cardId?: number; applicationId?: number }): Promise<CardEventRow[]> {
  let q = db.selectFrom('card_event').selectAll();
  if (ref.cardId !== undefined) q = q.where('card_id', '=', ref.cardId);
  if (ref.applicationId !== undefined) q = q.where('application_id', '=', ref.applicationId);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    card_id: r.card_id === null ? null : Number(r.card_id),
    application_id: r.application_id === null ? null : Number(r.application_id),
  }));
}
