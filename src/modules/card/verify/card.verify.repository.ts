// SQL of verification: the cards a status list names.
import type { DbOrTrx } from '../../../db/database.ts';

export interface StatusRow {
  number: string;
  issued_on: string;
  status: 'revoked' | 'locked';
  status_at: string;
  status_reason: string | null;
}

/** Revoked and locked cards, in id order. */
export async function revokedOrLocked(db: DbOrTrx): Promise<StatusRow[]> {
  const rows = await db
    .selectFrom('card')
    .select(['number', 'issued_on', 'status', 'status_at', 'status_reason'])
    .where('status', 'in', ['revoked', 'locked'])
    .orderBy('id')
    .execute();
  return rows as StatusRow[];
}
