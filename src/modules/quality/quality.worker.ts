// Worker thread of the quality scan: builds its own reference catalog, scores the batches it is sent, and returns
// its tallies when told to finish.
import { parentPort, workerData } from 'node:worker_threads';
import { ReferenceCatalog } from '../reference/catalog.ts';
import type { ReferenceRows } from '../reference/reference.types.ts';
import { PersonScorer, type ScanRow, type Tallies, type Tally } from './quality.compute.ts';

export interface WorkerInput {
  reference: ReferenceRows;
  today: string;
}

export type WorkerRequest = { type: 'batch'; rows: ScanRow[] } | { type: 'finish' };

export type WorkerReply =
  | { type: 'scored' }
  | { type: 'tallies'; tallies: [string, Tally][] }
  | { type: 'error'; message: string };

const port = parentPort;
if (port) {
  const input = workerData as WorkerInput;
  const catalog = new ReferenceCatalog(input.reference, () => input.today);
  const scorer = new PersonScorer({ catalog, today: input.today });
  const tallies: Tallies = new Map();
  port.on('message', (m: WorkerRequest) => {
    try {
      if (m.type === 'batch') {
        scorer.scoreAll(m.rows, tallies);
        port.postMessage({ type: 'scored' } satisfies WorkerReply);
      } else {
        port.postMessage({ type: 'tallies', tallies: [...tallies] } satisfies WorkerReply);
      }
    } catch (e) {
      port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
    }
  });
}
