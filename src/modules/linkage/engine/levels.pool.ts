// The CPU-heavy stage, computing comparison levels for millions of pairs, runs on worker threads: the pairs are cut
// into chunks handed to whichever worker is free, and the answers are written back in place. Small inputs stay on
// the calling thread, where starting workers (and, from sources, the TypeScript loader in each) would cost more
// than it saves.
import type { Worker } from 'node:worker_threads';
import { startWorker as startModuleWorker } from '../../../lib/worker.ts';
import { type Comparison, computeLevels } from './comparisons.ts';
import type { Prepared } from './prepare.ts';

export type LevelsWorkerData = Pick<Prepared, 'units' | 'slots'>;
export interface LevelsRequest {
  id: number;
  left: Uint32Array;
  right: Uint32Array;
}
export interface LevelsResponse {
  id: number;
  levels: Uint8Array;
}

export interface LevelComputer {
  readonly threads: number;
  /** Pairs compared so far and the time spent comparing them (the rate the benchmark reports). */
  readonly stats: { pairs: number; ms: number };
  /** Levels of every pair, `k` bytes per pair in comparison order. */
  compute(left: Uint32Array, right: Uint32Array, onProgress?: (done: number) => void): Promise<Uint8Array>;
  close(): Promise<void>;
}

const CHUNK = 65_536;

export function localComputer(comparisons: readonly Comparison[]): LevelComputer {
  const stats = { pairs: 0, ms: 0 };
  return {
    threads: 1,
    stats,
    async compute(left, right, onProgress) {
      const started = performance.now();
      const k = comparisons.length;
      const out = new Uint8Array(left.length * k);
      for (let a = 0; a < left.length; a += CHUNK) {
        const b = Math.min(left.length, a + CHUNK);
        out.set(computeLevels(comparisons, left.subarray(a, b), right.subarray(a, b)), a * k);
        onProgress?.(b);
      }
      stats.pairs += left.length;
      stats.ms += performance.now() - started;
      return out;
    },
    async close() {},
  };
}

function startWorker(data: LevelsWorkerData): Worker {
  return startModuleWorker(import.meta.url, './levels.worker', { workerData: data });
}

export function workerComputer(data: LevelsWorkerData, threads: number, k: number): LevelComputer {
  const workers = Array.from({ length: threads }, () => startWorker(data));
  let failure: Error | undefined;
  let onFailure: ((err: Error) => void) | undefined;
  for (const w of workers) {
    w.on('error', (err) => {
      failure = err;
      onFailure?.(err);
    });
  }
  const stats = { pairs: 0, ms: 0 };
  return {
    threads,
    stats,
    compute(left, right, onProgress) {
      const started = performance.now();
      const out = new Uint8Array(left.length * k);
      const total = left.length;
      if (total === 0) return Promise.resolve(out);
      return new Promise<Uint8Array>((resolve, reject) => {
        if (failure) return reject(failure);
        onFailure = reject;
        let next = 0;
        let done = 0;
        let id = 0;
        const offsets = new Map<number, number>();
        const feed = (w: Worker) => {
          if (next >= total) return;
          const a = next;
          const b = Math.min(total, a + CHUNK);
          next = b;
          const req: LevelsRequest = { id: id++, left: left.slice(a, b), right: right.slice(a, b) };
          offsets.set(req.id, a);
          w.postMessage(req, [req.left.buffer as ArrayBuffer, req.right.buffer as ArrayBuffer]);
        };
        for (const w of workers) {
          const handler = (m: LevelsResponse) => {
            out.set(m.levels, offsets.get(m.id)! * k);
            offsets.delete(m.id);
            done += m.levels.length / k;
            onProgress?.(done);
            if (done === total) {
              for (const x of workers) x.removeAllListeners('message');
              onFailure = undefined;
              stats.pairs += total;
              stats.ms += performance.now() - started;
              resolve(out);
            } else feed(w);
          };
          w.on('message', handler);
          // Two chunks in flight per worker keep it busy while the previous answer travels back.
          feed(w);
          feed(w);
        }
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
