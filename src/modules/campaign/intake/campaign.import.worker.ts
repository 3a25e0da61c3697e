// Reader thread of an import: checks the file's structure first when asked (one streaming pass; the main thread
// then records the result and says go), reads the file from the resume point, applies the row-local rules to the
// rows of its share of the batches (with two readers, every other batch) and sends them to the writer thread. One
// batch waits for the writer while the next is prepared, so the pipeline stays full and memory stays flat whatever
// the file size.
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { checkBallotFile, type FileFormat, type FormCode, readBallotBatches } from '../../intake/index.ts';
import { ReferenceCatalog } from '../../reference/catalog.ts';
import type { ReferenceRows } from '../../reference/reference.types.ts';
import {
  emptyBatch,
  errorReport,
  type PreparedBatch,
  type ReaderMessage,
  rowOffset,
  type WorkerReport,
} from './campaign.import.batch.ts';
import { validateBallot } from './campaign.validation.ts';

export interface ReaderInput {
  path: string;
  form: FormCode;
  /** Known once the file was checked; detected by the check otherwise. */
  format?: FileFormat;
  /** Check the file's structure first (a new job, or one stopped during its check). */
  check: boolean;
  maxFieldBytes?: number;
  /** The resume cursor: data rows already committed. */
  rowsDone: number;
  batchSize: number;
  reference: ReferenceRows;
  today: string;
  jurisdiction: string | null;
  /** The channel to the writer thread. */
  writer: MessagePort;
  /** Readers share the work by batches: this one validates the batches whose index modulo `parts` is `part`. */
  part: number;
  parts: number;
}

/** Rows parsed at a time: small, so that a row's cells are garbage before the next young-generation collection. */
const READ_CHUNK = 64;

/** The stored JSON of a batch's rows, encoded one after the other into one growing buffer. */
class JsonColumn {
  private buf = Buffer.allocUnsafe(1 << 20);
  private used = 0;

  /** Appends a row's JSON; returns where it ends. */
  add(text: string): number {
    if (this.used + text.length * 3 > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + text.length * 3));
      this.buf.copy(bigger, 0, 0, this.used);
      this.buf = bigger;
    }
    this.used += this.buf.write(text, this.used);
    return this.used;
  }

  /** The batch's bytes in a buffer of their own (to transfer), and a fresh start for the next batch. */
  take(ends: number[]): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(this.used);
    out.set(this.buf.subarray(0, this.used));
    if (ends.length > 0 && ends[ends.length - 1] !== this.used)
      throw new Error('JSON column out of step with its rows');
    this.used = 0;
    return out;
  }
}

async function checked(input: ReaderInput): Promise<FileFormat> {
  const check = await checkBallotFile(input.path, {
    form: input.form,
    ...(input.format ? { format: input.format } : {}),
    ...(input.maxFieldBytes ? { maxFieldBytes: input.maxFieldBytes } : {}),
  });
  const go = new Promise<void>((resolve) =>
    parentPort!.on('message', (m: { type: string }) => {
      if (m.type === 'go') resolve();
    }),
  );
  parentPort!.postMessage({ type: 'checked', check } satisfies WorkerReport);
  await go;
  return check.format;
}

async function run(input: ReaderInput): Promise<void> {
  const format = input.check ? await checked(input) : input.format!;
  const out = input.writer;
  const catalog = new ReferenceCatalog(input.reference, () => input.today);
  const ctx = { catalog, today: input.today, jurisdiction: input.jurisdiction };
  let waiting = 0;
  let wake: (() => void) | undefined;
  out.on('message', (m: { type: 'ack' }) => {
    if (m.type !== 'ack') return;
    waiting--;
    wake?.();
  });
  const json = new JsonColumn();
  const send = async (index: number, b: PreparedBatch): Promise<void> => {
    const bytes = json.take(b.dataEnd);
    b.data = bytes;
    while (waiting >= 1) await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
    waiting++;
    out.postMessage(
      { type: 'batch', index, batch: b, lastRowNo: b.rowNo[b.rowNo.length - 1]! } satisfies ReaderMessage,
      [bytes.buffer],
    );
  };
  // The file is read in small chunks and each row is reduced to its prepared columns at once, so the parsed cells
  // die young instead of living through the validation of a whole batch (and being copied by each collection).
  let seen = 0;
  let b = emptyBatch();
  for await (const rows of readBallotBatches(input.path, {
    form: input.form,
    format,
    fromRowNo: input.rowsDone + rowOffset(format) + 1,
    batchSize: READ_CHUNK,
  })) {
    for (const r of rows) {
      const index = Math.floor(seen++ / input.batchSize);
      if (index % input.parts !== input.part) continue;
      const { issues, facts: f, data } = validateBallot(input.form, r.values, ctx);
      b.rowNo.push(r.rowNo);
      b.issues.push(issues.length ? issues : null);
      b.ref.push(f.ref);
      b.pin.push(f.pin);
      b.fullName.push(f.fullName);
      b.nameFolded.push(f.nameFolded);
      b.dob.push(f.dob);
      b.unitCode.push(f.unitCode);
      b.provinceCode.push(f.provinceCode);
      b.fatherPin.push(f.fatherPin);
      b.motherPin.push(f.motherPin);
      b.fatherName.push(f.fatherName);
      b.motherName.push(f.motherName);
      b.dc02.push(f.dc02 ?? null);
      b.dataEnd.push(json.add(JSON.stringify(data)));
      if (seen % input.batchSize === 0) {
        await send(index, b);
        b = emptyBatch();
      }
    }
  }
  const batches = Math.ceil(seen / input.batchSize);
  if (b.rowNo.length > 0) await send(batches - 1, b);
  out.postMessage({ type: 'done', batches } satisfies ReaderMessage);
  parentPort!.postMessage({ type: 'done' } satisfies WorkerReport);
}

run(workerData as ReaderInput).catch((err: unknown) => parentPort!.postMessage(errorReport(err)));
