// Reader thread of an import: checks the file's structure first when asked (one streaming pass; the main thread
// then records the result and says go), reads the file from the resume point, applies the row-local rules to the
// rows of its share of the batches (with two readers, every other batch) and sends them to the writer thread. One
// batch waits for the writer while the next is prepared, so the pipeline stays full and memory stays flat whatever
// the file size.
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { checkBallotFile, type FileFormat, type FormCode, readBallotBatches } from '../intake/index.ts';
import { ReferenceCatalog } from '../reference/catalog.ts';
import type { ReferenceRows } from '../reference/reference.repository.ts';
import { emptyBatch, errorReport, type ReaderMessage, rowOffset, type WorkerReport } from './campaign.import.batch.ts';
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
  let index = -1;
  for await (const rows of readBallotBatches(input.path, {
    form: input.form,
    format,
    fromRowNo: input.rowsDone + rowOffset(format) + 1,
    batchSize: input.batchSize,
  })) {
    if (rows.length === 0) continue;
    index++;
    if (index % input.parts !== input.part) continue;
    const b = emptyBatch();
    for (const r of rows) {
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
      b.data.push(JSON.stringify(data));
    }
    while (waiting >= 1) await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
    waiting++;
    out.postMessage({
      type: 'batch',
      index,
      batch: b,
      lastRowNo: rows[rows.length - 1]!.rowNo,
    } satisfies ReaderMessage);
  }
  out.postMessage({ type: 'done', batches: index + 1 } satisfies ReaderMessage);
  parentPort!.postMessage({ type: 'done' } satisfies WorkerReport);
}

run(workerData as ReaderInput).catch((err: unknown) => parentPort!.postMessage(errorReport(err)));
