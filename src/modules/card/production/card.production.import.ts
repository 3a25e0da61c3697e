// Importing the centre's results: every row is checked against the database first (known application, in the
// batch, its card still in production or already in the outcome given), and only a file without a bad row is
// applied, in one transaction. A row whose card already has that outcome changes nothing, so importing the same
// file twice is harmless. A card revoked while the centre made it (its holder died, their PIN was replaced) takes no
// result: the row is counted as overtaken and the card stays revoked.
import type { Db } from '../../../db/database.ts';
import { Violations } from '../../../domain/errors.ts';
import {
  addBatchOutcomes,
  insertEvents,
  markFailed,
  markProduced,
  outcomesInBatch,
  type ResultTarget,
  resultTargets,
} from './card.production.repository.ts';
import { parseResults, type ResultRow } from './card.production.results.ts';

export interface ImportSummary {
  rows: number;
  produced: number;
  failed: number;
  /** Rows whose card already had the outcome given (an earlier import of the same file). */
  unchanged: number;
  /** Rows whose card was revoked meanwhile: nothing changes. */
  overtaken: number;
}

export interface ImportOptions {
  /** The batch the file answers (rows of other batches are refused); null: each card's own batch. */
  batchId: number | null;
  at: string;
  by: string;
  /** Whether the actor may act on an application of this province. */
  visible: (provinceCode: string | null) => boolean;
}

const IDS_PER_QUERY = 1000;

function check(
  v: Violations,
  row: ResultRow,
  t: ResultTarget | undefined,
  o: ImportOptions,
  earlier: Set<string>,
): 'apply' | 'same' | 'overtaken' | null {
  const field = `line ${row.line}.applicationId`;
  if (!t || !o.visible(t.province_code)) {
    v.add(field, 'result.unknown_application', 'no card of this application in your jurisdiction', row.applicationId);
    return null;
  }
  // Already recorded for this batch (the card may have failed and been rebuilt in a later batch since).
  if (earlier.has(`${row.applicationId}:${row.outcome}`)) return 'same';
  if (o.batchId !== null && Number(t.card_batch) !== o.batchId) {
    v.add(field, 'result.not_in_batch', `the card is in batch ${t.card_batch}, not ${o.batchId}`, row.applicationId);
    return null;
  }
  if (t.card_status === row.outcome) return 'same';
  if (t.card_status === 'revoked') return 'overtaken';
  if (t.card_status !== 'in_production') {
    v.add(
      `line ${row.line}.outcome`,
      'result.not_in_production',
      `the card is ${t.card_status}: only a card in production takes a result`,
      row.outcome,
    );
    return null;
  }
  return 'apply';
}

export async function importResults(db: Db, text: string, o: ImportOptions): Promise<ImportSummary> {
  const rows = parseResults(text);
  return db.transaction().execute(async (trx) => {
    const targets = new Map<number, ResultTarget>();
    const earlier = new Set<string>();
    for (let i = 0; i < rows.length; i += IDS_PER_QUERY) {
      const ids = rows.slice(i, i + IDS_PER_QUERY).map((r) => r.applicationId);
      for (const t of await resultTargets(trx, ids)) targets.set(Number(t.application_id), t);
      if (o.batchId !== null) for (const k of await outcomesInBatch(trx, o.batchId, ids)) earlier.add(k);
    }
    const v = new Violations();
    const todo: { row: ResultRow; t: ResultTarget }[] = [];
    let unchanged = 0;
    let overtaken = 0;
    for (const row of rows) {
      const t = targets.get(row.applicationId);
      const what = check(v, row, t, o, earlier);
      if (what === 'same') unchanged++;
      else if (what === 'overtaken') overtaken++;
      else if (what === 'apply') todo.push({ row, t: t! });
    }
    v.throwIfAny();
    const produced = todo.filter((x) => x.row.outcome === 'produced');
    const failed = todo.filter((x) => x.row.outcome === 'failed');
    for (let i = 0; i < produced.length; i += IDS_PER_QUERY) {
      const part = produced.slice(i, i + IDS_PER_QUERY);
      await markProduced(
        trx,
        part.map((x) => Number(x.t.card_id)),
        part.map((x) => x.row.applicationId),
        o.at,
      );
    }
    for (const x of failed) await markFailed(trx, Number(x.t.card_id), x.row.applicationId, x.row.reason!, o.at);
    const events = todo.map((x) => ({
      card_id: Number(x.t.card_id),
      application_id: x.row.applicationId,
      at: o.at,
      by: o.by,
      type: x.row.outcome,
      reason: x.row.reason,
      details: JSON.stringify({ batchId: x.t.card_batch }),
    }));
    for (let i = 0; i < events.length; i += IDS_PER_QUERY) await insertEvents(trx, events.slice(i, i + IDS_PER_QUERY));
    const perBatch = new Map<number, { produced: number; failed: number }>();
    for (const x of todo) {
      const b = Number(x.t.card_batch);
      const c = perBatch.get(b) ?? { produced: 0, failed: 0 };
      c[x.row.outcome]++;
      perBatch.set(b, c);
    }
    for (const [b, c] of perBatch) await addBatchOutcomes(trx, b, c.produced, c.failed);
    return { rows: rows.length, produced: produced.length, failed: failed.length, unchanged, overtaken };
  });
}
