// The batch loop: approved applications are read in chunks, built into cards (on this thread or on workers),
// and each chunk is written in one transaction: applications claimed by compare-and-swap on their status, cards
// written, applications linked to them and the batch's count. The event log gets one entry for the batch, not
// one per card: a card's batch_id already says when and by whom it went into production. Memory holds two chunks at
// most (the one being written and the next one being built), so 100,000 cards stream like 10.
import type { Db } from '../../../db/database.ts';
import type { CardKeys } from '../crypto/card.keys.ts';
import { type BuiltCard, buildCard, type CardToBuild, type FaceImage, jpegSize } from './card.production.build.ts';
import { openChunkWriter } from './card.production.bulk.repository.ts';
import { type ApplicationScope, type ApprovedRow, approvedAfter, photoBytes } from './card.production.repository.ts';

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
  const faces = new Map<number, FaceImage | null>();
  for (const [id, jpeg] of await photoBytes(
    db,
    rows.flatMap((r) => (r.photo_id === null ? [] : [r.photo_id])),
  )) {
    const size = jpegSize(jpeg);
    faces.set(id, size ? { jpeg, ...size } : null);
  }
  return rows.map((r) => {
    if (r.printed === null) throw new Error(`approved application ${r.id} has no printed snapshot`);
    return {
      applicationId: r.id,
      personId: r.person_id,
      printed: r.printed,
      photo: r.photo_id === null ? null : (faces.get(r.photo_id) ?? null),
      unitCode: r.unit_code,
      provinceCode: r.province_code,
    };
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
  const writer = openChunkWriter(db, { batchId: run.batchId, at: run.at, signerId: run.signerId });
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
    pending = built.then((cards) => writer.write(cards));
    pending.catch(() => {});
  }
  return written;
}
