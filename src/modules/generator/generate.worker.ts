// Worker thread entry: encodes the blocks the main thread asks for and sends the bytes back (transferred, not
// copied). It rebuilds the run settings from the same options, so its blocks equal the main thread's.
import { parentPort, workerData } from 'node:worker_threads';
import { runSettings } from './block.ts';
import { encodeBlock } from './block-bytes.ts';
import { type GenerateOptions, resolveOptions } from './options.ts';
import { referenceData } from './reference-data.ts';

interface WorkerInit {
  options: GenerateOptions;
  withTruth: boolean;
}

const port = parentPort;
if (!port) throw new Error('generate.worker must run as a worker thread');
const init = workerData as WorkerInit;
const ref = referenceData();
const run = runSettings(ref, resolveOptions(init.options, ref));

port.on('message', (index: number) => {
  try {
    const block = encodeBlock(run, index, init.withTruth);
    const transfer: ArrayBuffer[] = [block.dc01.buffer as ArrayBuffer, block.dc01Lines.buffer as ArrayBuffer];
    if (block.truth) transfer.push(block.truth.buffer as ArrayBuffer);
    if (block.truthLines) transfer.push(block.truthLines.buffer as ArrayBuffer);
    transfer.push(block.lineProvince.buffer as ArrayBuffer, block.lineHousehold.buffer as ArrayBuffer);
    port.postMessage({ block }, transfer);
  } catch (err) {
    port.postMessage({ error: err instanceof Error ? err.message : String(err), index });
  }
});
