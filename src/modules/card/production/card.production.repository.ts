// SQL of production batches: approved applications taken in chunks, the cards written for them, the batch rows,
// the export stream and the personalisation centre's results.
import type { Insertable, Selectable } from 'kysely';
import type { DbOrTrx, Trx } from '../../../db/database.ts';
import type { CardBatchTable, CardEventTable, CardStatus, CardTable } from '../card.table.ts';

export type BatchRow = Selectable<CardBatchTable>;
export type NewCardRow = Insertable<CardTable>;

/** Which approved applications a batch may take: the actor's scope and the request's filters. */
export interface ApplicationScope {
  provinceCode?: string | null;
  unitCode?: string | null;
  ids?: readonly number[] | null;
}

export interface ApprovedRow {
  id: number;
  person_id: number;
  printed: string | null;
  photo_id: number | null;
  unit_code: string | null;
  province_code: string | null;
}

/** The next `limit` approved applications after `afterId` in the scope, in id order. */
export async function approvedAfter(
  db: DbOrTrx,
  scope: ApplicationScope,
  afterId: number,
  limit: number,
): Promise<ApprovedRow[]> {
  let q = db
    .selectFrom('card_application')
    .select(['id', 'person_id', 'printed', 'photo_id', 'unit_code', 'province_code'])
    .where('status', '=', 'approved')
    .where('id', '>', afterId);
  if (scope.provinceCode) q = q.where('province_code', '=', scope.provinceCode);
  if (scope.unitCode) q = q.where('unit_code', '=', scope.unitCode);
  if (scope.ids) q = q.where('id', 'in', scope.ids.length > 0 ? scope.ids : [-1]);
  return q.orderBy('id').limit(limit).execute();
}

/** Photo bytes by photo id. */
export async function photoBytes(db: DbOrTrx, ids: readonly number[]): Promise<Map<number, Uint8Array>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('card_photo').select(['id', 'bytes']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.bytes]));
}

export async function insertBatch(db: DbOrTrx, row: Insertable<CardBatchTable>): Promise<number> {
  const r = await db.insertInto('card_batch').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

/**
 * Claims applications still approved for the batch (compare-and-swap on the status, so a concurrent batch
 * cannot take the same application twice); returns the ids claimed.
 */
export async function claimApplications(
  trx: Trx,
  batchId: number,
  ids: readonly number[],
  at: string,
): Promise<Set<number>> {
  const rows = await trx
    .updateTable('card_application')
    .set((eb) => ({ status: 'in_production', batch_id: batchId, updated_at: at, version: eb('version', '+', 1) }))
    .where('id', 'in', ids)
    .where('status', '=', 'approved')
    .returning('id')
    .execute();
  return new Set(rows.map((r) => Number(r.id)));
}

/**
 * Writes the cards. An application whose earlier card failed at the centre already has a card row (one card row
 * per application): that row is rebuilt in place, its failure kept in the event log.
 */
export async function upsertCards(trx: Trx, rows: readonly NewCardRow[]): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('card')
    .values([...rows])
    .onConflict((oc) =>
      oc
        .column('application_id')
        .doUpdateSet((eb) => ({
          number: eb.ref('excluded.number'),
          doc_number: eb.ref('excluded.doc_number'),
          generation: eb.ref('excluded.generation'),
          issued_on: eb.ref('excluded.issued_on'),
          expires_on: eb.ref('excluded.expires_on'),
          status: eb.ref('excluded.status'),
          status_reason: null,
          status_at: eb.ref('excluded.status_at'),
          batch_id: eb.ref('excluded.batch_id'),
          mrz: eb.ref('excluded.mrz'),
          qr: eb.ref('excluded.qr'),
          sod: eb.ref('excluded.sod'),
          dg13: eb.ref('excluded.dg13'),
          signer_id: eb.ref('excluded.signer_id'),
          unit_code: eb.ref('excluded.unit_code'),
          province_code: eb.ref('excluded.province_code'),
          version: eb('card.version', '+', 1),
        }))
        .where('card.status', '=', 'failed'),
    )
    .execute();
}

/** Points the applications at their cards (one statement for the chunk). */
export async function linkCards(trx: Trx, applicationIds: readonly number[]): Promise<void> {
  await trx
    .updateTable('card_application')
    .set((eb) => ({
      card_id: eb.selectFrom('card').select('card.id').whereRef('card.application_id', '=', 'card_application.id'),
    }))
    .where('id', 'in', applicationIds)
    .execute();
}

export async function insertEvents(trx: DbOrTrx, rows: readonly Insertable<CardEventTable>[]): Promise<void> {
  if (rows.length > 0)
    await trx
      .insertInto('card_event')
      .values([...rows])
      .execute();
}

export async function addBatchCards(trx: Trx, batchId: number, n: number): Promise<void> {
  await trx
    .updateTable('card_batch')
    .set((eb) => ({ cards: eb('cards', '+', n) }))
    .where('id', '=', batchId)
    .execute();
}

export async function findBatch(db: DbOrTrx, id: number): Promise<BatchRow | undefined> {
  return db.selectFrom('card_batch').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Batches newest first, optionally of one province, before `beforeId`. */
export async function listBatches(
  db: DbOrTrx,
  f: { provinceCode?: string | null; beforeId?: number; limit: number },
): Promise<BatchRow[]> {
  let q = db.selectFrom('card_batch').selectAll();
  if (f.provinceCode) q = q.where('province_code', '=', f.provinceCode);
  if (f.beforeId !== undefined) q = q.where('id', '<', f.beforeId);
  return q.orderBy('id', 'desc').limit(f.limit).execute();
}

export async function markExported(db: DbOrTrx, id: number, at: string): Promise<void> {
  await db
    .updateTable('card_batch')
    .set({ status: 'exported', exported_at: at })
    .where('id', '=', id)
    .where('status', '=', 'built')
    .execute();
}

export interface ExportRow {
  id: number;
  application_id: number;
  number: string;
  mrz: string;
  qr: string;
  issued_on: string;
  expires_on: string | null;
  sod: Uint8Array | null;
  dg13: Uint8Array | null;
  printed: string | null;
  photo_id: number | null;
}

/** A batch's cards after `afterId`, in id order, with what an export needs from their applications. */
export async function batchCardsAfter(
  db: DbOrTrx,
  batchId: number,
  afterId: number,
  limit: number,
): Promise<ExportRow[]> {
  return db
    .selectFrom('card as c')
    .innerJoin('card_application as a', 'a.id', 'c.application_id')
    .select([
      'c.id',
      'c.application_id',
      'c.number',
      'c.mrz',
      'c.qr',
      'c.issued_on',
      'c.expires_on',
      'c.sod',
      'c.dg13',
      'a.printed',
      'a.photo_id',
    ])
    .where('c.batch_id', '=', batchId)
    .where('c.id', '>', afterId)
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

export interface ResultTarget {
  application_id: number;
  application_status: string;
  application_batch: number | null;
  province_code: string | null;
  card_id: number;
  card_status: CardStatus;
  card_batch: number | null;
}

/** The applications named in a result file with their cards. */
export async function resultTargets(db: DbOrTrx, applicationIds: readonly number[]): Promise<ResultTarget[]> {
  if (applicationIds.length === 0) return [];
  return db
    .selectFrom('card_application as a')
    .innerJoin('card as c', 'c.application_id', 'a.id')
    .select([
      'a.id as application_id',
      'a.status as application_status',
      'a.batch_id as application_batch',
      'a.province_code',
      'c.id as card_id',
      'c.status as card_status',
      'c.batch_id as card_batch',
    ])
    .where('a.id', 'in', applicationIds)
    .execute();
}

/** Produced: the card and its application move on together. */
export async function markProduced(trx: Trx, cardIds: readonly number[], appIds: readonly number[], at: string) {
  if (cardIds.length === 0) return;
  await trx
    .updateTable('card')
    .set((eb) => ({ status: 'produced', status_at: at, version: eb('version', '+', 1) }))
    .where('id', 'in', cardIds)
    .execute();
  await trx
    .updateTable('card_application')
    .set((eb) => ({ status: 'produced', updated_at: at, version: eb('version', '+', 1) }))
    .where('id', 'in', appIds)
    .execute();
}

/** Failed: the card keeps the centre's reason; the application is approved again for a later batch. */
export async function markFailed(trx: Trx, cardId: number, appId: number, reason: string, at: string) {
  await trx
    .updateTable('card')
    .set((eb) => ({ status: 'failed', status_reason: reason, status_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', cardId)
    .execute();
  await trx
    .updateTable('card_application')
    .set((eb) => ({ status: 'approved', batch_id: null, updated_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', appId)
    .execute();
}

export async function addBatchOutcomes(trx: Trx, batchId: number, produced: number, failed: number) {
  await trx
    .updateTable('card_batch')
    .set((eb) => ({ produced: eb('produced', '+', produced), failed: eb('failed', '+', failed) }))
    .where('id', '=', batchId)
    .execute();
}

/** Applications with a recorded outcome in batch `batchId`, as "applicationId:outcome" (re-imports of a file). */
export async function outcomesInBatch(
  db: DbOrTrx,
  batchId: number,
  applicationIds: readonly number[],
): Promise<Set<string>> {
  if (applicationIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('card_event')
    .select(['application_id', 'type'])
    .where('application_id', 'in', applicationIds)
    .where('type', 'in', ['produced', 'failed'])
    .where('details', '=', JSON.stringify({ batchId }))
    .execute();
  return new Set(rows.map((r) => `${r.application_id}:${r.type}`));
}

/** How many approved applications the scope holds, counting up to `cap` (to choose in-thread or workers). */
export async function approvedUpTo(db: DbOrTrx, scope: ApplicationScope, cap: number): Promise<number> {
  let q = db.selectFrom('card_application').select('id').where('status', '=', 'approved');
  if (scope.provinceCode) q = q.where('province_code', '=', scope.provinceCode);
  if (scope.unitCode) q = q.where('unit_code', '=', scope.unitCode);
  if (scope.ids) q = q.where('id', 'in', scope.ids.length > 0 ? scope.ids : [-1]);
  return (await q.limit(cap).execute()).length;
}
