// Worker thread of the comparison stage: rebuilds the comparisons from the prepared slots it was started with
// (functions do not cross threads; data does) and answers each chunk of pairs with their comparison levels.
import { parentPort, workerData } from 'node:worker_threads';
import { buildComparisons, computeLevels } from './comparisons.ts';
import type { LevelsRequest, LevelsResponse, LevelsWorkerData } from './levels.pool.ts';

const data = workerData as LevelsWorkerData;
const comparisons = buildComparisons(data);
const port = parentPort!;

port.on('message', (m: LevelsRequest) => {
  const levels = computeLevels(comparisons, m.left, m.right);
  const reply: LevelsResponse = { id: m.id, levels };
  port.postMessage(reply, [levels.buffer as ArrayBuffer]);
});
