// Reading the audit trail: the head, pages of the chain in seq order (for verify), searches newest first, and a
// person's own entries. Appending lives in audit.append.repository.ts.
import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import type { AuditRow, ChainHead } from './audit.chain.ts';

export async function readHead(db: DbOrTrx): Promise<ChainHead | undefined> {
  const r = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  return r && { seq: Number(r.seq), hash: r.hash };
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
