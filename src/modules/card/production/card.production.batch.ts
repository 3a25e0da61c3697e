// The batch loop: approved applications are read in chunks, built into cards (on this thread or on workers),
// and each chunk is written in one transaction: applications claimed by compare-and-swap on their status, cards
// written, applications linked to them and the batch's count. The event log gets one entry for the batch, not
// one per card: a card's batch_id already says when and by whom it went into production. Memory holds two chunks at
// most (the one being written and the next one being built), so 100,000 cards stream like 10.
import type { Db } from '../../../db/database.ts';
import type { PrintedCard } from '../../../domain/card/card.types.ts';
import type { CardKeys } from '../crypto/card.keys.ts';
import { type BuiltCard, buildCard, type CardToBuild, jpegSize } from './card.production.build.ts';
import {
  type ApplicationScope,
  type ApprovedRow,
  addBatchCards,
  approvedAfter,
  claimApplications,
  linkCards,
  photoBytes,
  upsertCards,
} from './card.production.repository.ts';

export const CHUNK = 1000;

export interface BatchProgress {
  cards: number;
}

/** Builds the cards of one chunk. */
export interface CardBuilder {
  build(items: CardToBuild[], issuedOn: string): Promise<BuiltCard[]>;
  close(): Promise<void>;
}

/** Builds on the calling thread with the active signer. */
export function inThreadBuilder(keys: CardKeys): CardBuilder {
  return {
    async build(items, issuedOn) {
      return items.map((c) => buildCard(c, issuedOn, keys.signer));
    },
    async close() {},
  };
}

export interface BatchRun {
  batchId: number;
  scope: ApplicationScope;
  limit: number;
  issuedOn: string;
  at: string;
  by: string;
  signerId: string;
  builder: CardBuilder;
  onProgress?: (p: BatchProgress) => void;
}

async function itemsOf(db: Db, rows: ApprovedRow[]): Promise<CardToBuild[]> {
  const photos = await photoBytes(
    db,
    rows.flatMap((r) => (r.photo_id === null ? [] : [r.photo_id])),
  );
  return rows.map((r) => {
    if (r.printed === null) throw new Error(`approved application ${r.id} has no printed snapshot`);
    const jpeg = r.photo_id === null ? undefined : photos.get(r.photo_id);
    const size = jpeg ? jpegSize(jpeg) : null;
    return {
      applicationId: r.id,
      personId: r.person_id,
      printed: JSON.parse(r.printed) as PrintedCard,
      photo: jpeg && size ? { jpeg, ...size } : null,
      unitCode: r.unit_code,
      provinceCode: r.province_code,
    };
  });
}

async function writeChunk(db: Db, run: BatchRun, built: BuiltCard[]): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const claimed = await claimApplications(
      trx,
      run.batchId,
      built.map((b) => b.applicationId),
      run.at,
    );
    const mine = built.filter((b) => claimed.has(b.applicationId));
    if (mine.length === 0) return 0;
    await upsertCards(
      trx,
      mine.map((b) => ({
        application_id: b.applicationId,
        person_id: b.personId,
        number: b.number,
        doc_number: b.docNumber,
        generation: b.printed.generation,
        issued_on: b.printed.issuedOn,
        expires_on: b.printed.expiresOn,
        status: 'in_production' as const,
        status_reason: null,
        status_at: run.at,
        batch_id: run.batchId,
        mrz: b.mrz.join('\n'),
        qr: b.qr,
        sod: b.sod,
        dg13: b.dg13,
        signer_id: run.signerId,
        unit_code: b.unitCode,
        province_code: b.provinceCode,
        created_at: run.at,
        version: 1,
      })),
    );
    await linkCards(
      trx,
      mine.map((b) => b.applicationId),
    );
    await addBatchCards(trx, run.batchId, mine.length);
    return mine.length;
  });
}

/**
 * Runs the batch: the next chunk is read and built while the previous one is written. Returns the number of
 * cards written.
 */
export async function buildBatchCards(db: Db, run: BatchRun): Promise<number> {
  let after = 0;
  let taken = 0;
  let written = 0;
  let pending: Promise<number> | null = null;
  for (;;) {
    const want = Math.min(CHUNK, run.limit - taken);
    const rows = want > 0 ? await approvedAfter(db, run.scope, after, want) : [];
    taken += rows.length;
    const built = rows.length > 0 ? run.builder.build(await itemsOf(db, rows), run.issuedOn) : null;
    // Awaited below; until then a failure must not surface as an unhandled rejection.
    built?.catch(() => {});
    if (pending) {
      written += await pending;
      run.onProgress?.({ cards: written });
      pending = null;
    }
    if (!built) break;
    after = rows[rows.length - 1]!.id;
    pending = built.then((cards) => writeChunk(db, run, cards));
    pending.catch(() => {});
  }
  return written;
}
