// Reading the audit trail: the head, pages of the chain in seq order (for verify), searches newest first, and a
// person's own entries. Appending lives in audit.append.repository.ts.
import { type ExpressionBuilder, sql } from 'kysely';
import type { Database, DbOrTrx } from '../../db/database.ts';
import type { AuditRow, ChainHead } from './audit.chain.ts';

export async function readHead(db: DbOrTrx): Promise<ChainHead | undefined> {
  const r = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  return r && { seq: Number(r.seq), hash: r.hash };
}

/** The switch-over row (undefined while the trail has never been keyed). */
export async function readKeying(
  db: DbOrTrx,
): Promise<{ keyed_from: number; key_id: string; mac: string } | undefined> {
  const r = await db
    .selectFrom('audit_keying')
    .select(['keyed_from', 'key_id', 'mac'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return r && { ...r, keyed_from: Number(r.keyed_from) };
}

/** The head's seq and the highest entry seq, read in one statement (one snapshot on both engines). */
export async function headAndLastSeq(db: DbOrTrx): Promise<{ head: number | null; last: number | null }> {
  const r = await sql<{ head: number | null; last: number | null }>`
    SELECT (SELECT seq FROM audit_head WHERE id = 1) AS head, (SELECT max(seq) FROM audit_entry) AS last`.execute(db);
  const row = r.rows[0];
  return { head: row?.head == null ? null : Number(row.head), last: row?.last == null ? null : Number(row.last) };
}

/** Up to `limit` entries with after < seq <= upTo, in seq order (after null: from the lowest seq, whatever it is). */
export async function entriesPage(db: DbOrTrx, after: number | null, upTo: number, limit: number): Promise<AuditRow[]> {
  let q = db.selectFrom('audit_entry').selectAll().where('seq', '<=', upTo);
  if (after !== null) q = q.where('seq', '>', after);
  const rows = await q.orderBy('seq').limit(limit).execute();
  for (const r of rows) {
    // int8 columns: make sure both engines hand the hash the same JS numbers.
    r.seq = Number(r.seq);
    if (r.person_id !== null) r.person_id = Number(r.person_id);
  }
  return rows;
}

export interface EntryFilter {
  pin?: string;
  personId?: number;
  actor?: string;
  action?: string;
  outcome?: string;
  /** at >= from (ISO, normalised). */
  from?: string;
  /** at < toExclusive (ISO, normalised). */
  toExclusive?: string;
  /** seq < before (the cursor). */
  before?: number;
  limit: number;
  /** An auditor's jurisdiction (a province or a commune); absent: the whole country. See scopeCondition. */
  scope?: { province?: string; commune?: string };
}

/**
 * The entries an auditor of one province or commune may see. An entry about a person is in scope when the person's
 * current residence (person.res_province / res_unit) is; an entry about no person (logins, account changes,
 * searches) when the acting user's current jurisdiction lies within the auditor's. Entries of actors that are not
 * users (cli, system), or about a person id that names no person, are left to national auditors.
 */
function scopeCondition(scope: { province?: string; commune?: string }) {
  const { province, commune } = scope;
  return (eb: ExpressionBuilder<Database, 'audit_entry'>) => {
    const person = eb
      .selectFrom('person')
      .select(sql`1`.as('one'))
      .whereRef('person.id', '=', 'audit_entry.person_id')
      .where(province !== undefined ? 'person.res_province' : 'person.res_unit', '=', (province ?? commune)!);
    const actor = eb
      .selectFrom('app_user')
      .select(sql`1`.as('one'))
      .whereRef('app_user.username', '=', 'audit_entry.actor')
      .where((u) =>
        province !== undefined
          ? u.or([
              u('app_user.jurisdiction', '=', province),
              u(
                'app_user.jurisdiction',
                'in',
                u
                  .selectFrom('admin_unit')
                  .select('admin_unit.code')
                  .where('admin_unit.level', '=', 'commune')
                  .where('admin_unit.province_code', '=', province)
                  .where('admin_unit.valid_to', 'is', null),
              ),
            ])
          : u('app_user.jurisdiction', '=', commune!),
      );
    return eb.or([
      eb.and([eb('audit_entry.person_id', 'is not', null), eb.exists(person)]),
      eb.and([eb('audit_entry.person_id', 'is', null), eb.exists(actor)]),
    ]);
  };
}

/** Entries matching every given filter, newest first. */
export async function searchEntries(db: DbOrTrx, f: EntryFilter): Promise<AuditRow[]> {
  let q = db.selectFrom('audit_entry').selectAll();
  if (f.pin !== undefined) q = q.where('pin', '=', f.pin);
  if (f.personId !== undefined) q = q.where('person_id', '=', f.personId);
  if (f.actor !== undefined) q = q.where('actor', '=', f.actor);
  if (f.action !== undefined) q = q.where('action', '=', f.action);
  if (f.outcome !== undefined) q = q.where('outcome', '=', f.outcome as AuditRow['outcome']);
  if (f.from !== undefined) q = q.where('at', '>=', f.from);
  if (f.toExclusive !== undefined) q = q.where('at', '<', f.toExclusive);
  if (f.before !== undefined) q = q.where('seq', '<', f.before);
  if (f.scope && (f.scope.province !== undefined || f.scope.commune !== undefined))
    q = q.where(scopeCondition(f.scope));
  const rows = await q.orderBy('seq', 'desc').limit(f.limit).execute();
  for (const r of rows) {
    r.seq = Number(r.seq);
    if (r.person_id !== null) r.person_id = Number(r.person_id);
  }
  return rows;
}

export type AccessLogRow = Pick<AuditRow, 'at' | 'actor' | 'roles' | 'action' | 'purpose' | 'outcome'>;

/** The entries about one person, newest first, with only the columns a citizen may see. */
export async function entriesAboutPerson(db: DbOrTrx, personId: number): Promise<AccessLogRow[]> {
  return db
    .selectFrom('audit_entry')
    .select(['at', 'actor', 'roles', 'action', 'purpose', 'outcome'])
    .where('person_id', '=', personId)
    .orderBy('seq', 'desc')
    .execute();
}
