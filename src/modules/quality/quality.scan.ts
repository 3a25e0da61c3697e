// Streams every living person in id order, in batches, and scores them into tallies per place. With workers,
// this thread only reads batches from the database and the workers parse, validate and score them, so reading
// and scoring overlap; each worker returns its tallies at the end and they are added up here.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Db } from '../../db/database.ts';
import { startWorker as startModuleWorker } from '../../lib/worker.ts';
import type { ReferenceCatalog } from '../reference/catalog.ts';
import type { ReferenceRows } from '../reference/reference.types.ts';
import { mergeTallies, PersonScorer, type ScanRow, type Tallies, type Tally } from './quality.compute.ts';
import { maxPersonId, scanLivingPersons } from './quality.repository.ts';
import type { WorkerInput, WorkerReply } from './quality.worker.ts';

export const SCAN_BATCH = 5000;
/** Below this many persons a worker's start-up (about a second) costs more than it saves. */
export const WORKERS_FROM = 50_000;

export interface ScanOptions {
  /** Worker threads (0: score on this thread); 'auto': one per spare core, at most two, for large registries. */
  workers: number | 'auto';
  /** Reference rows for the workers' catalogs. */
  referenceRows: () => Promise<ReferenceRows>;
  onProgress?: (p: { done: number; total: number }) => void;
  batchSize?: number;
}

/** Worker threads for 'auto': one per spare core, at most two, from WORKERS_FROM persons on. */
export function autoWorkers(persons: number): number {
  return persons >= WORKERS_FROM ? Math.max(1, Math.min(2, availableParallelism() - 1)) : 0;
}

function startWorker(input: WorkerInput): Worker {
  return startModuleWorker(import.meta.url, './quality.worker', { workerData: input });
}

/** A worker that scores the batches it is sent; `finish` resolves with its tallies. */
class ScoringWorker {
  private readonly worker: Worker;
  private pending = 0;
  private waiters: (() => void)[] = [];
  private failure: Error | undefined;
  private done: ((t: [string, Tally][]) => void) | undefined;

  constructor(input: WorkerInput) {
    this.worker = startWorker(input);
    this.worker.on('message', (m: WorkerReply) => {
      if (m.type === 'scored') {
        this.pending--;
        for (const w of this.waiters.splice(0)) w();
      } else if (m.type === 'tallies') this.done?.(m.tallies);
      else this.fail(new Error(`quality worker: ${m.message}`));
    });
    this.worker.on('error', (e) => this.fail(e));
  }

  private fail(e: Error): void {
    this.failure = e;
    for (const w of this.waiters.splice(0)) w();
  }

  get load(): number {
    return this.pending;
  }

  /** Sends a batch, waiting first while two are queued so memory stays flat. */
  async send(rows: ScanRow[]): Promise<void> {
    while (this.pending >= 2 && !this.failure) await new Promise<void>((r) => this.waiters.push(r));
    if (this.failure) throw this.failure;
    this.pending++;
    this.worker.postMessage({ type: 'batch', rows });
  }

  async finish(): Promise<[string, Tally][]> {
    if (this.failure) throw this.failure;
    const result = new Promise<[string, Tally][]>((resolve, reject) => {
      this.done = resolve;
      this.worker.once('error', reject);
    });
    this.worker.postMessage({ type: 'finish' });
    const tallies = await result;
    await this.worker.terminate();
    return tallies;
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

export async function computeTallies(
  db: Db,
  catalog: ReferenceCatalog,
  today: string,
  opts: ScanOptions,
): Promise<Tallies> {
  const total = await maxPersonId(db);
  const batch = opts.batchSize ?? SCAN_BATCH;
  const tallies: Tallies = new Map();
  const scorer = new PersonScorer({ catalog, today });
  const workers: ScoringWorker[] = [];
  try {
    const count = opts.workers === 'auto' ? autoWorkers(total) : opts.workers;
    if (count > 0) {
      const reference = await opts.referenceRows();
      for (let i = 0; i < count; i++) workers.push(new ScoringWorker({ reference, today }));
    }
    for (let from = 0; from < total; from += batch) {
      const to = Math.min(from + batch, total);
      const rows = await scanLivingPersons(db, from, to);
      if (rows.length > 0 && workers.length > 0) {
        const idlest = workers.reduce((a, b) => (b.load < a.load ? b : a));
        await idlest.send(rows);
      } else scorer.scoreAll(rows, tallies);
      opts.onProgress?.({ done: to, total });
    }
    for (const w of workers.splice(0)) mergeTallies(tallies, await w.finish());
    opts.onProgress?.({ done: total, total });
    return tallies;
  } finally {
    for (const w of workers) await w.stop();
  }
}
