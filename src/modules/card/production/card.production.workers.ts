// Building cards on worker threads: each chunk is split between the workers, so the signatures of a large batch
// use the spare cores while this thread reads applications and writes the cards of the previous chunk.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../../lib/worker.ts';
import type { CardBuilder } from './card.production.batch.ts';
import type { BuiltCard } from './card.production.build.ts';
import type { WorkerInput, WorkerReply, WorkerRequest } from './card.production.worker.ts';

/** Below this many cards a worker's start-up (about a second from sources) costs more than it saves. */
export const WORKERS_FROM = 5000;

/** Workers for a batch of about `cards` cards: one per core, at most four, none for a small batch. */
export function autoWorkers(cards: number): number {
  const cores = availableParallelism();
  return cards >= WORKERS_FROM && cores > 1 ? Math.min(4, cores) : 0;
}

class BuildWorker {
  private readonly worker: Worker;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (c: BuiltCard[]) => void; reject: (e: Error) => void }>();

  constructor(input: WorkerInput) {
    this.worker = startWorker(import.meta.url, './card.production.worker', { workerData: input });
    this.worker.on('message', (m: WorkerReply) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if ('error' in m) w?.reject(new Error(`card worker: ${m.error}`));
      else w?.resolve(m.cards);
    });
    this.worker.on('error', (e) => this.failAll(e));
    this.worker.on('exit', (code) => this.failAll(new Error(`card worker exited with code ${code}`)));
  }

  private failAll(e: Error): void {
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }

  build(items: WorkerRequest['items'], issuedOn: string): Promise<BuiltCard[]> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, items, issuedOn } satisfies WorkerRequest);
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

/** A builder over `n` workers that sign with the batch's signer. */
export function workerBuilder(input: WorkerInput, n: number): CardBuilder {
  const workers = Array.from({ length: n }, () => new BuildWorker(input));
  return {
    async build(items, issuedOn) {
      const size = Math.ceil(items.length / workers.length);
      const parts = await Promise.all(workers.map((w, i) => w.build(items.slice(i * size, (i + 1) * size), issuedOn)));
      return parts.flat();
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
