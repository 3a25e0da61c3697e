// Worker thread of batch production: loads the card keys itself (a private key never crosses threads), checks
// that its active signer is the batch's, and builds the chunks it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { loadCardKeys } from '../crypto/card.keys.ts';
import { type BuiltCard, buildCard, type CardToBuild } from './card.production.build.ts';

export interface WorkerInput {
  keyDir: string;
  signerId: string;
}

export type WorkerRequest = { id: number; items: CardToBuild[]; issuedOn: string };
export type WorkerReply = { id: number; cards: BuiltCard[] } | { id: number; error: string };

const port = parentPort;
if (port) {
  const input = workerData as WorkerInput;
  const keys = loadCardKeys(input.keyDir);
  port.on('message', (m: WorkerRequest) => {
    try {
      if (keys.signer.id !== input.signerId) {
        throw new Error(`the active signer changed during the batch (${input.signerId} → ${keys.signer.id})`);
      }
      const cards = m.items.map((c) => buildCard(c, m.issuedOn, keys.signer));
      port.postMessage({ id: m.id, cards } satisfies WorkerReply);
    } catch (e) {
      port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
    }
  });
}
