// SQL of identity cards (table card) for their life after production: reads, and status changes as
// compare-and-swaps on `version`. Production (card.production.repository.ts) creates the rows.
import type { Selectable } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import type { CardStatus, CardTable } from './card.table.ts';

export type CardRow = Selectable<CardTable>;

/** Cards that are or will be in the holder's hands: the ones a death or a new PIN ends. */
export const LIVE_CARD: readonly CardStatus[] = ['in_production', 'produced', 'delivered', 'active', 'locked'];

function normalize(r: CardRow): CardRow {
  // PostgreSQL returns bigint ids as strings; both drivers return bytes as a Buffer.
  return {
    ...r,
    id: Number(r.id),
    application_id: Number(r.application_id),
    person_id: Number(r.person_id),
    batch_id: r.batch_id === null ? null : Number(r.batch_id),
    sod: r.sod === null ? null : new Uint8Array(r.sod),
    dg13: r.dg13 === null ? null : new Uint8Array(r.dg13),
  };
}

export async function findCard(db: DbOrTrx, id: number): Promise<CardRow | undefined> {
  const r = await db.selectFrom('card').selectAll().where('id', '=', id).executeTakeFirst();
  return r && normalize(r);
}

/** The person's cards, newest first, optionally only those in `statuses`. */
export async function cardsOfPerson(
  db: DbOrTrx,
  personId: number,
  statuses?: readonly CardStatus[],
): Promise<CardRow[]> {
  let q = db.selectFrom('card').selectAll().where('person_id', '=', personId);
  if (statuses) q = q.where('status', 'in', [...statuses]);
  const rows = await q.orderBy('id', 'desc').execute();
  return rows.map(normalize);
}

/** Sets the status when the card is still at `version`; false when someone changed it meanwhile. */
export async function setCardStatusIfVersion(
  db: DbOrTrx,
  id: number,
  version: number,
  change: { status: CardStatus; reason: string | null; at: string; issuedOn?: string },
): Promise<boolean> {
  const r = await db
    .updateTable('card')
    .set({
      status: change.status,
      status_reason: change.reason,
      status_at: change.at,
      version: version + 1,
      ...(change.issuedOn ? { issued_on: change.issuedOn } : {}),
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
