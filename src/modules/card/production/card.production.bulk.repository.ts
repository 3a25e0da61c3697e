// Bulk writes of a production batch, one chunk of cards per transaction: on SQLite prepared statements run in one
// synchronous transaction (a chunk of 1,000 cards through Kysely spent more time compiling and binding its
// multi-row statements than SQLite spent writing them); on PostgreSQL the same statements as the Kysely
// repository, one per chunk. Either way a chunk claims its applications by compare-and-swap on their status,
// writes (or rebuilds in place) their cards, links the applications to them and counts them in the batch.
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../../../db/database.ts';
import { dialectOf, sqliteHandle } from '../../../db/dialect.ts';
import { addBatchCards, claimApplications, linkCards, upsertCards } from './card.production.repository.ts';

/** One built card as the batch writes it. */
export interface ChunkCard {
  applicationId: number;
  personId: number;
  number: string;
  docNumber: string;
  generation: '2021' | '2024';
  issuedOn: string;
  expiresOn: string | null;
  /** The three MRZ lines joined by \n. */
  mrz: string;
  qr: string;
  sod: Uint8Array;
  dg13: Uint8Array;
  unitCode: string | null;
  provinceCode: string | null;
}

export interface ChunkWriter {
  /** Writes the cards of the applications still approved; returns how many were written. */
  write(cards: readonly ChunkCard[]): Promise<number>;
}

export interface BatchStamp {
  batchId: number;
  at: string;
  signerId: string;
}

export function openChunkWriter(db: Db, stamp: BatchStamp): ChunkWriter {
  return dialectOf(db) === 'postgres' ? kyselyWriter(db, stamp) : sqliteWriter(db, sqliteHandle(db), stamp);
}

const CARD_COLUMNS = [
  'application_id',
  'person_id',
  'number',
  'doc_number',
  'generation',
  'issued_on',
  'expires_on',
  'status',
  'status_reason',
  'status_at',
  'batch_id',
  'mrz',
  'qr',
  'sod',
  'dg13',
  'signer_id',
  'unit_code',
  'province_code',
  'created_at',
  'version',
] as const;

/** Columns a rebuilt card takes from the new row (status_reason is cleared, version counts up). */
const REBUILT = CARD_COLUMNS.filter(
  (c) => !['application_id', 'person_id', 'status_reason', 'created_at', 'version'].includes(c),
);

function sqliteWriter(db: Db, h: BetterSqlite3.Database, s: BatchStamp): ChunkWriter {
  // BEGIN IMMEDIATE (below) holds the write lock from the start, so a status read here cannot go stale before the
  // chunk commits; the claim's UPDATE still compares the status, as the Kysely path does.
  const statusOf = h.prepare('SELECT status FROM card_application WHERE id = ?').pluck();
  // A failed card's row is rebuilt in place (one card row per application); any other existing row stays.
  const upsert = h.prepare(
    `INSERT INTO card (${CARD_COLUMNS.join(', ')}) VALUES (${CARD_COLUMNS.map(() => '?').join(', ')})
     ON CONFLICT (application_id) DO UPDATE SET ${REBUILT.map((c) => `${c} = excluded.${c}`).join(', ')},
       status_reason = NULL, version = card.version + 1
     WHERE card.status = 'failed'
     RETURNING id`,
  );
  const cardOf = h.prepare('SELECT id FROM card WHERE application_id = ?').pluck();
  // Claim and link in one write of the application row (it carries the printed snapshot: each write copies it).
  const claim = h.prepare(
    `UPDATE card_application SET status = 'in_production', batch_id = ?, updated_at = ?, version = version + 1,
       card_id = ?
     WHERE id = ? AND status = 'approved'`,
  );
  const count = h.prepare('UPDATE card_batch SET cards = cards + ? WHERE id = ?');
  // Table by table (statuses, then cards, then applications) rather than card by card: each loop keeps to one
  // table and its indexes, which stay in the CPU caches.
  const writeAll = h.transaction((cards: readonly ChunkCard[]): number => {
    const mine = cards.filter((c) => statusOf.get(c.applicationId) === 'approved');
    const cardIds = mine.map((c) => {
      const row = upsert.get(
        c.applicationId,
        c.personId,
        c.number,
        c.docNumber,
        c.generation,
        c.issuedOn,
        c.expiresOn,
        'in_production',
        null,
        s.at,
        s.batchId,
        c.mrz,
        c.qr,
        c.sod,
        c.dg13,
        s.signerId,
        c.unitCode,
        c.provinceCode,
        s.at,
        1,
      ) as { id: number } | undefined;
      return row ? row.id : (cardOf.get(c.applicationId) as number);
    });
    mine.forEach((c, i) => {
      if (claim.run(s.batchId, s.at, cardIds[i], c.applicationId).changes === 0) {
        throw new Error(`application ${c.applicationId} changed status while its chunk was written`);
      }
    });
    if (mine.length > 0) count.run(mine.length, s.batchId);
    return mine.length;
  });
  return {
    // Kysely's connection is held while the synchronous transaction runs, so no Kysely transaction of this process
    // can be open on the same SQLite connection at that moment.
    write: (cards) => db.connection().execute(async () => writeAll.immediate(cards)),
  };
}

function kyselyWriter(db: Db, s: BatchStamp): ChunkWriter {
  return {
    write: (cards) =>
      db.transaction().execute(async (trx) => {
        const claimed = await claimApplications(
          trx,
          s.batchId,
          cards.map((c) => c.applicationId),
          s.at,
        );
        const mine = cards.filter((c) => claimed.has(c.applicationId));
        if (mine.length === 0) return 0;
        await upsertCards(
          trx,
          mine.map((c) => ({
            application_id: c.applicationId,
            person_id: c.personId,
            number: c.number,
            doc_number: c.docNumber,
            generation: c.generation,
            issued_on: c.issuedOn,
            expires_on: c.expiresOn,
            status: 'in_production' as const,
            status_reason: null,
            status_at: s.at,
            batch_id: s.batchId,
            mrz: c.mrz,
            qr: c.qr,
            sod: c.sod,
            dg13: c.dg13,
            signer_id: s.signerId,
            unit_code: c.unitCode,
            province_code: c.provinceCode,
            created_at: s.at,
            version: 1,
          })),
        );
        await linkCards(
          trx,
          mine.map((c) => c.applicationId),
        );
        await addBatchCards(trx, s.batchId, mine.length);
        return mine.length;
      }),
  };
}
