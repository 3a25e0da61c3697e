// SQL of the due list: the current cards of a chunk of persons, the chunk's rows replaced, pages of the list,
// counts by month, and the dashboard's counts of applications and issued cards.
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db, DbOrTrx } from '../../../db/database.ts';
import type { CardDueTable } from '../card.table.ts';

export type DueRow = Selectable<CardDueTable>;

/** A filter by the holder's residence. */
export interface DueScope {
  provinceCode?: string;
  unitCode?: string;
}

/** The latest card that still counts (active or locked) per person, by person id. */
export async function currentCards(
  db: DbOrTrx,
  personIds: readonly number[],
): Promise<Map<number, { id: number; issuedOn: string; expiresOn: string | null }>> {
  const out = new Map<number, { id: number; issuedOn: string; expiresOn: string | null }>();
  if (personIds.length === 0) return out;
  const rows = await db
    .selectFrom('card')
    .select(['id', 'person_id', 'issued_on', 'expires_on'])
    .where('person_id', 'in', personIds)
    .where('status', 'in', ['active', 'locked'])
    .orderBy('id')
    .execute();
  for (const r of rows)
    out.set(Number(r.person_id), { id: Number(r.id), issuedOn: r.issued_on, expiresOn: r.expires_on });
  return out;
}

/** Persons among `personIds` with an application under way (received, approved, in production, produced, delivered). */
export async function openApplications(db: DbOrTrx, personIds: readonly number[]): Promise<Set<number>> {
  if (personIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('card_application')
    .select('person_id')
    .where('person_id', 'in', personIds)
    .where('status', 'in', ['received', 'approved', 'in_production', 'produced', 'delivered'])
    .execute();
  return new Set(rows.map((r) => Number(r.person_id)));
}

/** Replaces the rows of persons with ids in (fromId, toId] (toId null: every id above fromId) by `rows`. */
export async function replaceDueRange(
  db: Db,
  fromId: number,
  toId: number | null,
  rows: readonly Insertable<CardDueTable>[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    let del = trx.deleteFrom('card_due').where('person_id', '>', fromId);
    if (toId !== null) del = del.where('person_id', '<=', toId);
    await del.execute();
    for (let i = 0; i < rows.length; i += 500) {
      await trx
        .insertInto('card_due')
        .values(rows.slice(i, i + 500))
        .execute();
    }
  });
}

/** Rows due on or before `by`, in (due_on, person_id) order after the cursor. */
export async function duePage(
  db: DbOrTrx,
  s: DueScope,
  by: string,
  after: { dueOn: string; personId: number } | null,
  limit: number,
): Promise<DueRow[]> {
  let q = db
    .selectFrom('card_due')
    .selectAll()
    .where('due_on', '<=', by)
    .$if(!!s.provinceCode, (w) => w.where('province_code', '=', s.provinceCode!))
    .$if(!!s.unitCode, (w) => w.where('unit_code', '=', s.unitCode!));
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('due_on', '>', after.dueOn),
        eb.and([eb('due_on', '=', after.dueOn), eb('person_id', '>', after.personId)]),
      ]),
    );
  }
  return q.orderBy('due_on').orderBy('person_id').limit(limit).execute();
}

/** Persons due per month (YYYY-MM) up to `by` (overdue ones in their own past months). */
export async function dueByMonth(db: DbOrTrx, s: DueScope, by: string): Promise<{ month: string; n: number }[]> {
  const month = sql<string>`substr(due_on, 1, 7)`;
  const rows = await db
    .selectFrom('card_due')
    .select([month.as('month'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('due_on', '<=', by)
    .$if(!!s.provinceCode, (w) => w.where('province_code', '=', s.provinceCode!))
    .$if(!!s.unitCode, (w) => w.where('unit_code', '=', s.unitCode!))
    .groupBy(month)
    .orderBy(month)
    .execute();
  return rows.map((r) => ({ month: r.month, n: Number(r.n) }));
}

/** Applications per status in the scope. */
export async function applicationsByStatus(db: DbOrTrx, s: DueScope): Promise<{ status: string; n: number }[]> {
  const rows = await db
    .selectFrom('card_application')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .$if(!!s.provinceCode, (w) => w.where('province_code', '=', s.provinceCode!))
    .$if(!!s.unitCode, (w) => w.where('unit_code', '=', s.unitCode!))
    .groupBy('status')
    .orderBy('status')
    .execute();
  return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
}

/** Cards handed over (active or locked) per province of the holder's residence. */
export async function issuedByProvince(
  db: DbOrTrx,
  s: DueScope,
): Promise<{ provinceCode: string | null; n: number }[]> {
  const rows = await db
    .selectFrom('card')
    .select(['province_code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['active', 'locked'])
    .$if(!!s.provinceCode, (w) => w.where('province_code', '=', s.provinceCode!))
    .$if(!!s.unitCode, (w) => w.where('unit_code', '=', s.unitCode!))
    .groupBy('province_code')
    .orderBy('province_code')
    .execute();
  return rows.map((r) => ({ provinceCode: r.province_code, n: Number(r.n) }));
}
