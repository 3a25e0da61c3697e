// The import of a job's rows, from its resume cursor to the end of the file, on two threads: the reader
// (campaign.import.worker.ts: reads and applies the row-local rules) feeds the writer (campaign.import.writer.ts:
// cross-row rules and one transaction per batch, holding the resume cursor) over a channel of their own; this
// thread only starts them and relays progress. A kill between two batches loses nothing and doubles nothing: the next
// run starts after the last committed row.
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { DomainError } from '../../../domain/errors.ts';
import { startWorker as startModuleWorker } from '../../../lib/worker.ts';
import type { FileCheck, FileFormat, FormCode } from '../../intake/index.ts';
import type { ReferenceRows } from '../../reference/reference.types.ts';
import { rowOffset, type WorkerReport } from './campaign.import.batch.ts';
import type { ReaderInput } from './campaign.import.worker.ts';
import type { WriterInput } from './campaign.import.writer.ts';

export interface RunEnv {
  /** The database URL: the writer thread opens a connection of its own. */
  dbUrl: string;
  reference: ReferenceRows;
  today: string;
}

export interface RunJob {
  id: number;
  campaign: string;
  form: FormCode;
  /** Unknown until the file was checked. */
  format: FileFormat | null;
  path: string;
  /** Rows (positions after the header) already committed: the resume cursor. */
  rowsDone: number;
  rowsTotal: number | null;
  createdBy: string;
  jurisdiction: string | null;
  runner: string;
}

export interface RunProgress {
  rowsDone: number;
  rowsTotal: number | null;
  added: number;
  skipped: number;
  rowsWithErrors: number;
}

export const DEFAULT_BATCH = 1000;
/** Larger batches would not fit the threads' bounded heaps (and gain nothing). */
export const MAX_BATCH = 20_000;

export interface RunOptions {
  /** Rows per batch (and per transaction); default 1,000, at most MAX_BATCH. */
  batchSize?: number;
  /** Reader threads (default: see readerCount). */
  readers?: number;
  onProgress?: (p: RunProgress) => void;
  /**
   * Check the file's structure first (in the reader thread, before any row is read for import); `onChecked` records
   * the result and may refuse to go on by throwing. A file that cannot be read rejects with CAMPAIGN.BAD_FILE.
   */
  check?: { maxFieldBytes?: number; onChecked: (check: FileCheck) => Promise<void> };
}

/**
 * Each thread's heap is bounded (its own data is the reference catalog and a batch or two), so the process stays
 * under half a gigabyte whatever the file size. The reader's young generation is larger than the default: fewer,
 * cheaper scavenges of the many short-lived objects validation makes.
 */
const LIMITS = {
  reader: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 32 },
  writer: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 },
};

function startWorker(name: 'worker' | 'writer', workerData: unknown, transfer: MessagePort[]): Worker {
  const resourceLimits = name === 'writer' ? LIMITS.writer : LIMITS.reader;
  return startModuleWorker(import.meta.url, `./campaign.import.${name}`, {
    workerData,
    transferList: transfer,
    resourceLimits,
  });
}

/**
 * Reading and the row rules cost more than writing, so with cores to spare (four or more) two readers share the
 * batches; each reads the whole file, which is cheap next to validating, and the writer puts their batches back in
 * file order. On two cores a second reader only competes with the writer (or the PostgreSQL server) for the CPU:
 * measured no faster on either engine, and about a hundred megabytes more.
 */
function readerCount(): number {
  return availableParallelism() >= 4 ? 2 : 1;
}

export class WorkerFailure extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'WorkerFailure';
  }
}

/** Runs the import of a job from its cursor to the end of the file, checking the file's structure first if asked. */
export async function runImport(env: RunEnv, job: RunJob, opts: RunOptions = {}): Promise<RunProgress> {
  const progress: RunProgress = {
    rowsDone: job.rowsDone,
    rowsTotal: job.rowsTotal,
    added: 0,
    skipped: 0,
    rowsWithErrors: 0,
  };
  const check = opts.check !== undefined;
  // The reference rows are copied into each thread when it starts, then dropped here (about 20 MB).
  const { dbUrl, today } = env;
  let reference: ReferenceRows | null = env.reference;
  const parts = Math.min(Math.max(opts.readers ?? readerCount(), 1), 4);
  const channels = Array.from({ length: parts }, () => new MessageChannel());

  const readerInput = (part: number, format: FileFormat | null): ReaderInput => ({
    path: job.path,
    form: job.form,
    ...(format ? { format } : {}),
    check: part === 0 && check,
    ...(opts.check?.maxFieldBytes ? { maxFieldBytes: opts.check.maxFieldBytes } : {}),
    rowsDone: job.rowsDone,
    batchSize: Math.min(Math.max(opts.batchSize ?? DEFAULT_BATCH, 1), MAX_BATCH),
    reference: reference!,
    today,
    jurisdiction: job.jurisdiction,
    writer: channels[part]!.port1,
    part,
    parts,
  });
  const workers: Worker[] = [];
  const startWriter = (format: FileFormat): Worker => {
    const input: WriterInput = {
      dbUrl,
      reference: reference!,
      today,
      job: {
        id: job.id,
        campaign: job.campaign,
        form: job.form,
        createdBy: job.createdBy,
        jurisdiction: job.jurisdiction,
        runner: job.runner,
        offset: rowOffset(format),
      },
      readers: channels.map((c) => c.port2),
    };
    return startWorker(
      'writer',
      input,
      channels.map((c) => c.port2),
    );
  };
  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (err: unknown) => {
        if (settled) return;
        settled = true;
        reject(err);
      };
      const watch = (w: Worker, name: 'reader' | 'writer') => {
        workers.push(w);
        w.on('message', (m: WorkerReport) => {
          if (m.type === 'error') fail(workerError(m));
          else if (m.type === 'checked') {
            // The file is sound: record it, then let the reader go on and start the writer.
            Promise.resolve(opts.check?.onChecked(m.check))
              .then(() => {
                if (settled) return;
                progress.rowsTotal = m.check.rows;
                w.postMessage({ type: 'go' });
                startRest(m.check.format);
              })
              .catch(fail);
          } else if (m.type === 'progress') {
            progress.rowsDone = m.rowsDone;
            progress.added += m.added;
            progress.skipped += m.skipped;
            progress.rowsWithErrors += m.rowsWithErrors;
            opts.onProgress?.({ ...progress });
          } else if (name === 'writer' && !settled) {
            settled = true;
            resolve();
          }
        });
        w.on('error', fail);
        w.on('exit', (code) => fail(new Error(`the import ${name} thread stopped unexpectedly (exit code ${code})`)));
      };
      // The other readers and the writer start once the format is known (after the check, if there is one).
      const startRest = (format: FileFormat) => {
        for (let part = 1; part < parts; part++)
          watch(startWorker('worker', readerInput(part, format), [channels[part]!.port1]), 'reader');
        watch(startWriter(format), 'writer');
        reference = null;
      };
      watch(startWorker('worker', readerInput(0, job.format), [channels[0]!.port1]), 'reader');
      if (!check) startRest(job.format!);
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return progress;
}

/** A worker's error as the main thread throws it: a refused file keeps its code and details. */
function workerError(m: Extract<WorkerReport, { type: 'error' }>): Error {
  if (m.code === 'CAMPAIGN.BAD_FILE') return new DomainError('CAMPAIGN.BAD_FILE', m.message, m.details ?? {});
  return new WorkerFailure(m.message, m.code, m.details);
}
