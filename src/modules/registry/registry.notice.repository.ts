// SQL of the notices: pending changes to second parties of life events (table registry_notice, migration 010).
import type { Insertable, Selectable } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import type { RegistryNoticeTable } from './registry.table.ts';

export type NoticeRow = Selectable<RegistryNoticeTable>;

/** A notice with the PINs and current state of the person it would change and of the person of its event. */
export interface NoticeWithPersons extends NoticeRow {
  target_pin: string;
  target_data: string;
  source_pin: string;
}

export async function insertNotice(db: DbOrTrx, row: Insertable<RegistryNoticeTable>): Promise<number> {
  const r = await db.insertInto('registry_notice').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

function withPersons(db: DbOrTrx) {
  return db
    .selectFrom('registry_notice as n')
    .innerJoin('person as t', 't.id', 'n.target_person_id')
    .innerJoin('person as s', 's.id', 'n.source_person_id')
    .selectAll('n')
    .select(['t.pin as target_pin', 't.data as target_data', 's.pin as source_pin']);
}

function normalize(r: NoticeWithPersons): NoticeWithPersons {
  // PostgreSQL returns bigint ids as strings.
  return {
    ...r,
    id: Number(r.id),
    target_person_id: Number(r.target_person_id),
    source_person_id: Number(r.source_person_id),
  };
}

export async function findNotice(db: DbOrTrx, id: number): Promise<NoticeWithPersons | undefined> {
  const r = await withPersons(db).where('n.id', '=', id).executeTakeFirst();
  return r ? normalize(r) : undefined;
}

/** Notices in id order after `afterId`, optionally of one status. */
export async function listNotices(
  db: DbOrTrx,
  f: { status?: string; afterId?: number; limit: number },
): Promise<NoticeWithPersons[]> {
  let q = withPersons(db);
  if (f.status) q = q.where('n.status', '=', f.status as NoticeRow['status']);
  if (f.afterId !== undefined) q = q.where('n.id', '>', f.afterId);
  const rows = await q.orderBy('n.id').limit(f.limit).execute();
  return rows.map(normalize);
}

/** Decides a pending notice; false when it was no longer pending (decided concurrently). */
export async function decideNotice(
  db: DbOrTrx,
  id: number,
  d: { status: 'confirmed' | 'rejected'; by: string; at: string; reason: string | null },
): Promise<boolean> {
  const r = await db
    .updateTable('registry_notice')
    .set({ status: d.status, decided_by: d.by, decided_at: d.at, reason: d.reason })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
