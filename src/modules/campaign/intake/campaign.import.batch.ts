// What crosses between the threads of an import. The reader sends the writer batches of prepared rows as columns
// (one array per fact) rather than one object per row, which costs a third as much to copy at a million rows, and
// the stored JSON of all rows as one UTF-8 buffer that is transferred, not copied; both tell the main thread how
// they are doing.
import type { FileCheck, FileFormat } from '../../intake/index.ts';
import type { Issue } from '../campaign.rules.ts';
import type { BallotFacts } from './campaign.validation.common.ts';

/** A row after the row-local rules, as the writer needs it. */
export interface PreparedRow {
  rowNo: number;
  issues: Issue[];
  facts: BallotFacts;
  /** The stored form of the row: JSON, UTF-8. */
  data: Uint8Array;
}

/** A batch of prepared rows as columns. */
export interface PreparedBatch {
  rowNo: number[];
  issues: (Issue[] | null)[];
  ref: string[];
  pin: (string | null)[];
  fullName: (string | null)[];
  nameFolded: (string | null)[];
  dob: (string | null)[];
  unitCode: (string | null)[];
  provinceCode: (string | null)[];
  fatherPin: (string | null)[];
  motherPin: (string | null)[];
  fatherName: string[];
  motherName: string[];
  dc02: (BallotFacts['dc02'] | null)[];
  /** The rows' stored forms (JSON) one after the other, UTF-8: one buffer handed over to the writer, not copied. */
  data: Uint8Array;
  /** Where each row's JSON ends in `data` (it starts where the previous one ends). */
  dataEnd: number[];
}

/**
 * Reader → writer (on their own channel); the writer answers each batch with an ack. `index` numbers the batches of
 * the run in file order, across readers; `batches` is how many the run has (said by each reader at its end).
 */
export type ReaderMessage =
  | { type: 'batch'; index: number; batch: PreparedBatch; lastRowNo: number }
  | { type: 'done'; batches: number };

/** Either worker → main thread. */
export type WorkerReport =
  | { type: 'checked'; check: FileCheck }
  | { type: 'progress'; rowsDone: number; added: number; skipped: number; rowsWithErrors: number }
  | { type: 'done' }
  | { type: 'error'; message: string; code?: string; details?: Record<string, unknown> };

export function errorReport(err: unknown): WorkerReport {
  const e = err as { message?: string; code?: string; details?: Record<string, unknown>; name?: string };
  return {
    type: 'error',
    message: e?.message ?? String(err),
    code: e?.code ?? (e?.name === 'LostJobError' ? 'CAMPAIGN.JOB_RUNNING' : undefined),
    details: e?.details,
  };
}

export function emptyBatch(): PreparedBatch {
  return {
    rowNo: [],
    issues: [],
    ref: [],
    pin: [],
    fullName: [],
    nameFolded: [],
    dob: [],
    unitCode: [],
    provinceCode: [],
    fatherPin: [],
    motherPin: [],
    fatherName: [],
    motherName: [],
    dc02: [],
    data: new Uint8Array(0),
    dataEnd: [],
  };
}

/** The rows of a batch back as objects (on the writer's side). */
export function rowsOf(b: PreparedBatch): PreparedRow[] {
  const out: PreparedRow[] = new Array(b.rowNo.length);
  for (let i = 0; i < out.length; i++) {
    const facts: BallotFacts = {
      ref: b.ref[i]!,
      pin: b.pin[i]!,
      fullName: b.fullName[i]!,
      nameFolded: b.nameFolded[i]!,
      dob: b.dob[i]!,
      unitCode: b.unitCode[i]!,
      provinceCode: b.provinceCode[i]!,
      fatherPin: b.fatherPin[i]!,
      motherPin: b.motherPin[i]!,
      fatherName: b.fatherName[i]!,
      motherName: b.motherName[i]!,
    };
    const dc02 = b.dc02[i];
    if (dc02) facts.dc02 = dc02;
    const data = b.data.subarray(i === 0 ? 0 : b.dataEnd[i - 1]!, b.dataEnd[i]!);
    out[i] = { rowNo: b.rowNo[i]!, issues: b.issues[i] ?? [], facts, data };
  }
  return out;
}

/** Rows before the first data row's position: the header row of the tabular formats; NDJSON counts lines from 1. */
export function rowOffset(format: FileFormat): number {
  return format === 'ndjson' ? 0 : 1;
}
