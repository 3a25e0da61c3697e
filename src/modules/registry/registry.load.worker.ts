// Worker thread of `popreg load`: reads the file, prepares rows and sends them to the writer in batches, pausing
// while two batches wait to be written so memory stays flat whatever the file size.
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import Papa from 'papaparse';
import { DomainError, ValidationError } from '../../domain/errors.ts';
import { ReferenceCatalog } from '../reference/catalog.ts';
import type { ReferenceRows } from '../reference/reference.types.ts';
import type { BulkMeta } from './registry.bulk.repository.ts';
import { type LoadProblem, mapHeader, type PreparedRow, RowPreparer } from './registry.load.prepare.ts';

export interface WorkerInput {
  path: string;
  reference: ReferenceRows;
  today: string;
  batchSize: number;
  maxProblems: number;
  meta: BulkMeta;
}

export type WorkerMessage =
  | { type: 'batch'; rows: PreparedRow[]; problems: LoadProblem[]; read: number; invalid: number; bytes: number }
  | { type: 'done'; read: number; invalid: number; bytes: number }
  | { type: 'error'; message: string; violations?: unknown[] };

const input = workerData as WorkerInput;
const port = parentPort!;
const catalog = new ReferenceCatalog(input.reference, () => input.today);

let preparer: RowPreparer | undefined;
let rows: PreparedRow[] = [];
let problems: LoadProblem[] = [];
let problemCount = 0;
let read = 0;
let invalid = 0;
let inFlight = 0;
let paused: Papa.Parser | undefined;
let failed = false;

port.on('message', (m: { type: 'ack' }) => {
  if (m.type !== 'ack') return;
  inFlight--;
  if (paused && inFlight < 2) {
    const p = paused;
    paused = undefined;
    p.resume();
  }
});

function send(msg: WorkerMessage): void {
  port.postMessage(msg);
}

function flush(bytes: number, parser?: Papa.Parser): void {
  if (rows.length === 0 && problems.length === 0) return;
  send({ type: 'batch', rows, problems, read, invalid, bytes });
  rows = [];
  problems = [];
  inFlight++;
  if (parser && inFlight >= 2) {
    paused = parser;
    parser.pause();
  }
}

/** Drops a UTF-8 byte-order mark, which would otherwise glue itself to the first header cell (and its quotes). */
function withoutBom(): Transform {
  let first = true;
  return new Transform({
    decodeStrings: false,
    transform(chunk: string, _enc, done) {
      if (first) {
        first = false;
        if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      }
      done(null, chunk);
    },
  });
}

Papa.parse<string[]>(
  createReadStream(input.path, { encoding: 'utf8' }).pipe(withoutBom()) as unknown as NodeJS.ReadableStream,
  {
    header: false,
    skipEmptyLines: 'greedy',
    step(result, parser) {
      if (failed) return;
      const cells = result.data;
      if (!preparer) {
        try {
          preparer = new RowPreparer(mapHeader(cells), catalog, input.today, input.meta);
        } catch (err) {
          failed = true;
          parser.abort();
          const violations = err instanceof ValidationError ? err.violations : undefined;
          send({ type: 'error', message: err instanceof DomainError ? err.message : String(err), violations });
        }
        return;
      }
      read++;
      const out = preparer.prepare(cells, read + 1);
      if (Array.isArray(out)) {
        invalid++;
        for (const p of out) if (problemCount++ < input.maxProblems) problems.push(p);
      } else {
        rows.push(out);
      }
      if (rows.length >= input.batchSize) flush(result.meta.cursor, parser);
    },
    complete() {
      if (failed) return;
      if (!preparer) {
        send({
          type: 'error',
          message: 'the file is empty: no header row',
          violations: [{ field: 'file', rule: 'file.empty', message: 'the file is empty' }],
        });
        return;
      }
      flush(Number.MAX_SAFE_INTEGER);
      send({ type: 'done', read, invalid, bytes: Number.MAX_SAFE_INTEGER });
    },
    error(err) {
      failed = true;
      send({ type: 'error', message: err.message });
    },
  },
);
